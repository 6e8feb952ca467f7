/**
 * One JSON request to the OpenAI HTTP API with errors turned into `OpenAIApiError` values whose
 * message quotes the upstream `error.message` and never contains the key.
 * @module
 */
import { OpenAIApiError } from './errors.js';
import { redactSecrets } from './auth.js';

/** Anything with the signature of the global `fetch` (inject one for tests or exotic runtimes). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface ApiRequest {
  fetch?: FetchLike | undefined;
  url: string;
  headers: Record<string, string>;
  /** Serialized as JSON when defined; no body otherwise. */
  body?: unknown;
  /** Credentials to scrub from error messages. */
  secrets: readonly string[];
  /** What was being done, for the message: e.g. `creating a client secret`. */
  action: string;
  /** Friendlier messages per status, appended after the upstream one. */
  hints?: Record<number, { code?: string; hint: string }>;
}

interface UpstreamErrorBody {
  error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown };
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Sends the request; resolves with the parsed JSON body (or `null` for an empty one). */
export async function apiRequest(req: ApiRequest): Promise<unknown> {
  const doFetch = req.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await doFetch(req.url, {
      method: 'POST',
      headers,
      body: req.body === undefined ? null : JSON.stringify(req.body),
    });
  } catch (cause) {
    const reason = redactSecrets(cause instanceof Error ? cause.message : String(cause), req.secrets);
    throw new OpenAIApiError(
      { status: 502, code: 'upstream_unreachable', upstreamMessage: reason },
      `Could not reach ${new URL(req.url).origin} while ${req.action}: ${reason}. Check baseUrl and the network.`,
    );
  }
  const text = await response.text();
  let json: unknown = null;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (response.ok) {
    if (json === undefined) {
      throw new OpenAIApiError(
        {
          status: 502,
          code: 'invalid_upstream_response',
          upstreamMessage: redactSecrets(text, req.secrets).slice(0, 200),
        },
        `The API answered ${response.status} with a body that is not JSON while ${req.action}.`,
      );
    }
    return json;
  }
  const err = (json as UpstreamErrorBody | undefined)?.error;
  // Redacted before cutting, so no key is cut into a fragment the patterns no longer recognise.
  const quoted = asString(err?.message);
  const upstreamMessage = quoted
    ? redactSecrets(quoted, req.secrets)
    : redactSecrets(text, req.secrets).slice(0, 300) || response.statusText || 'no message';
  const hint = req.hints?.[response.status];
  const code = hint?.code ?? asString(err?.code) ?? `http_${response.status}`;
  throw new OpenAIApiError(
    {
      status: response.status,
      code,
      type: asString(err?.type),
      param: asString(err?.param),
      upstreamMessage,
    },
    `The API refused ${req.action} (${response.status}): ${upstreamMessage}` + (hint ? ` ${hint.hint}` : ''),
  );
}
