/**
 * HTTP answers in the real API's shapes: JSON bodies and the `{"error": {...}}` envelope.
 * @module
 */
import type { ServerResponse } from 'node:http';

/** The `error` object of an HTTP error envelope. */
export interface HttpErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** Send a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Send the error envelope. */
export function sendError(res: ServerResponse, status: number, error: HttpErrorBody): void {
  sendJson(res, status, { error });
}

/** The envelopes the emulator uses more than once. */
export const httpErrors = {
  invalidKey: (key: string): HttpErrorBody => ({
    message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  }),
  missingKey: (): HttpErrorBody => ({
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
  expiredKey: (): HttpErrorBody => ({
    message: 'The provided client secret has expired. Mint a new one with POST /v1/realtime/client_secrets.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  }),
  standardKeyRequired: (): HttpErrorBody => ({
    message:
      'This endpoint requires a standard API key; ephemeral client secrets (ek_…) are not accepted here.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  }),
  rateLimited: (): HttpErrorBody => ({
    message: 'Rate limit reached for requests. Please try again in 1s.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  }),
  serverError: (): HttpErrorBody => ({
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  }),
  notFound: (what: string): HttpErrorBody => ({
    message: `Invalid URL (${what})`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  }),
  callNotFound: (id: string): HttpErrorBody => ({
    message: `No call found with id '${id}'.`,
    type: 'invalid_request_error',
    param: 'call_id',
    code: 'call_not_found',
  }),
  invalidBody: (message: string, param: string | null = null): HttpErrorBody => ({
    message,
    type: 'invalid_request_error',
    param,
    code: 'invalid_value',
  }),
};

/**
 * The key as a 401 message quotes it: `sk-abc***wxyz`, like the real API, but only for keys of 24+
 * characters (real ones are 50+), so at most 10 characters of a shorter one would not be most of it;
 * shorter keys show their first 3 only.
 * @example maskKey('sk-' + 'x'.repeat(45) + 'wxyz') // 'sk-xxx***wxyz'
 */
export function maskKey(key: string): string {
  if (key.length < 24) return `${key.slice(0, 3)}***`;
  return `${key.slice(0, 6)}***${key.slice(-4)}`;
}
