/**
 * A `Request → Response` endpoint that mints ephemeral keys for a session config locked on the
 * server: CORS with an origin allow-list, a per-client rate limit, upstream errors passed through with
 * a clear message, and the standard key never in any response.
 * @module
 */
import { RealtimeAgentsError } from '@realtime-agents/core';
import type { FetchLike } from './api-request.js';
import { credentialValues, redactSecrets, type ApiAuthOptions } from './auth.js';
import {
  checkSession,
  mintClientSecret,
  type ClientSecretSession,
  type ExpiresAfter,
} from './client-secret.js';
import { OpenAIApiError } from './errors.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { type AllowedOrigins, corsHeaders, isOriginAllowed } from './origin.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';

/** What an adapter knows about the connection that a `Request` cannot carry. */
export interface ConnectionInfo {
  /** The peer's IP address (from the socket). */
  clientAddress?: string;
}

/** A fetch-style handler, as used by Workers, Deno, Bun, Hono, Next route handlers, … */
export type FetchHandler = (request: Request, info?: ConnectionInfo) => Promise<Response>;

/** Options of `clientSecretHandler`. */
export interface ClientSecretHandlerOptions extends ApiAuthOptions {
  /**
   * The session every minted key is bound to. The browser's request body is ignored, so a page cannot
   * change the model, instructions or tools. A function may pick one per request (or return a
   * `Response`, e.g. a 401, to refuse).
   */
  session:
    | ClientSecretSession
    | ((request: Request) => ClientSecretSession | Response | Promise<ClientSecretSession | Response>);
  /** Origins allowed besides the page's own. @default [] (same origin only) */
  allowedOrigins?: AllowedOrigins;
  /** Accept requests without an `Origin` header (non-browser callers). @default false */
  allowMissingOrigin?: boolean;
  /**
   * Per-client limit; `false` disables it. `key` picks the client (default: the socket address from
   * the adapter, else `cf-connecting-ip` / `x-real-ip` / `x-forwarded-for`).
   * @default { max: 10, windowMs: 60_000 }
   */
  rateLimit?: (RateLimitOptions & { key?: (request: Request, info?: ConnectionInfo) => string }) | false;
  /** Prefer proxy headers (`x-forwarded-for`, …) over the socket address. Only behind your own proxy. @default false */
  trustProxy?: boolean;
  /** @default 'https://api.openai.com/v1' */
  baseUrl?: string;
  /** Lifetime of each key. @default 600 seconds */
  expiresAfter?: ExpiresAfter;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
}

function proxyAddress(request: Request): string | undefined {
  const h = request.headers;
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return h.get('cf-connecting-ip') ?? h.get('x-real-ip') ?? (forwarded || undefined);
}

/**
 * Creates the endpoint a browser calls to get an ephemeral key (`POST` → `{ value, expires_at, session }`).
 * @example
 * // Any fetch runtime (Workers, Deno, Bun, Hono):
 * const handler = clientSecretHandler({
 *   session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
 *   allowedOrigins: ['https://app.example.com'],
 *   rateLimit: { max: 5, windowMs: 60_000 },
 * });
 * export default { fetch: (req: Request) => handler(req) };
 * // Node: http.createServer(toNodeHandler(handler)).listen(3000)
 */
export function clientSecretHandler(options: ClientSecretHandlerOptions): FetchHandler {
  if (typeof options.session !== 'function') checkSession(options.session);
  const limiter =
    options.rateLimit === false
      ? null
      : createRateLimiter(options.rateLimit ?? { max: 10, windowMs: 60_000 });
  const keyOf =
    (options.rateLimit || undefined)?.key ||
    ((request: Request, info?: ConnectionInfo) =>
      (options.trustProxy
        ? (proxyAddress(request) ?? info?.clientAddress)
        : (info?.clientAddress ?? proxyAddress(request))) ?? 'unknown');

  return async (request, info) => {
    const origin = request.headers.get('origin');
    const allowed = origin !== null && isOriginAllowed(origin, request.url, options.allowedOrigins);
    const cors = corsHeaders(allowed ? origin : null, request);

    if (origin !== null && !allowed) {
      return errorResponse(
        403,
        'origin_not_allowed',
        `Origin ${origin} is not allowed to request realtime client secrets. Add it to allowedOrigins on the server.`,
      );
    }
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    if (request.method !== 'POST') {
      return errorResponse(405, 'method_not_allowed', `Method ${request.method} not allowed: use POST.`, {
        ...cors,
        Allow: 'POST, OPTIONS',
      });
    }
    if (origin === null && !options.allowMissingOrigin) {
      return errorResponse(
        403,
        'origin_required',
        'The request has no Origin header. Call this endpoint from a browser page, or set allowMissingOrigin: true.',
      );
    }
    if (limiter) {
      const verdict = limiter.hit(keyOf(request, info));
      if (!verdict.ok) {
        return errorResponse(
          429,
          'rate_limit_exceeded',
          `Too many client-secret requests; try again in ${verdict.retryAfterSec} s.`,
          { ...cors, 'Retry-After': String(verdict.retryAfterSec) },
        );
      }
    }
    try {
      const session =
        typeof options.session === 'function' ? await options.session(request) : options.session;
      if (session instanceof Response) return session;
      const body = await mintClientSecret({ ...options, session });
      return jsonResponse(body, 200, cors);
    } catch (error) {
      const secrets = credentialValues(options);
      if (error instanceof OpenAIApiError) {
        return errorResponse(error.status, error.code, redactSecrets(error.message, secrets), cors);
      }
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof RealtimeAgentsError ? error.code : 'internal_error';
      return errorResponse(
        500,
        code,
        redactSecrets(`Could not mint a client secret: ${message}`, secrets),
        cors,
      );
    }
  };
}
