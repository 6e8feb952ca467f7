/**
 * Minting ephemeral client secrets (`ek_...`) with `POST /v1/realtime/client_secrets` (protocol §1.2).
 * @module
 */
import { ConfigError, type SessionConfig } from '@realtime-agents/core';
import type { Session } from '@realtime-agents/core/protocol';
import { apiRequest, type FetchLike } from './api-request.js';
import { resolveAuth, type ApiAuthOptions } from './auth.js';
import { DEFAULT_BASE_URL, joinUrl } from './base-url.js';
import { OpenAIApiError } from './errors.js';

/** A transcription-only session config (`type: 'transcription'`), passed through as is. */
export interface TranscriptionSessionConfig {
  type: 'transcription';
  [field: string]: unknown;
}

/** The session a secret is minted for. With Azure, `model` is the deployment name. */
export type ClientSecretSession = SessionConfig | TranscriptionSessionConfig;

/** Lifetime of the secret: seconds (10–7200) or the API's `{ anchor, seconds }` object. */
export type ExpiresAfter = number | { anchor?: 'created_at'; seconds: number };

/** Options of `createClientSecret`. */
export interface ClientSecretOptions extends ApiAuthOptions {
  /** The session the key is bound to; its settings become the defaults of sessions it starts. */
  session: ClientSecretSession;
  /** @default 'https://api.openai.com/v1' (Azure: `https://{resource}.openai.azure.com/openai/v1`) */
  baseUrl?: string;
  /** @default 600 seconds (the API's default) */
  expiresAfter?: ExpiresAfter;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
}

/** The API's answer, as JSON (what the handler returns to the browser). */
export interface ClientSecretResponse {
  value: string;
  expires_at: number;
  session: Session | (TranscriptionSessionConfig & { id?: string });
}

/** A minted ephemeral key. */
export interface ClientSecret {
  /** The `ek_...` key a browser may use. */
  value: string;
  /** Unix seconds after which the key can no longer start sessions. */
  expiresAt: number;
  /** The effective session as the API reports it. */
  session: ClientSecretResponse['session'];
}

function expiresAfterBody(value: ExpiresAfter): { anchor: 'created_at'; seconds: number } {
  const seconds = typeof value === 'number' ? value : value.seconds;
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 7200) {
    throw new ConfigError(
      'expiresAfter',
      `Invalid expiresAfter: ${JSON.stringify(value)}. Use a whole number of seconds from 10 to 7200.`,
    );
  }
  return { anchor: 'created_at', seconds };
}

/** Throws `ConfigError` unless `session` is a GA session config. @internal */
export function checkSession(session: unknown): asserts session is ClientSecretSession {
  const type = (session as { type?: unknown } | null)?.type;
  if (type !== 'realtime' && type !== 'transcription') {
    throw new ConfigError(
      'session',
      `Invalid session: ${JSON.stringify(session)?.slice(0, 120)}. ` +
        "Pass a GA session config with type: 'realtime' (or 'transcription').",
    );
  }
}

/**
 * Mints the key and returns the API's raw JSON body. Used by `createClientSecret` and the handler.
 * @internal
 */
export async function mintClientSecret(options: ClientSecretOptions): Promise<ClientSecretResponse> {
  checkSession(options.session);
  const body: Record<string, unknown> = { session: options.session };
  if (options.expiresAfter !== undefined) body.expires_after = expiresAfterBody(options.expiresAfter);
  const { headers, secrets } = resolveAuth(options);
  const json = (await apiRequest({
    fetch: options.fetch,
    url: joinUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'realtime/client_secrets'),
    headers,
    body,
    secrets,
    action: 'creating a client secret',
    hints: {
      401: { hint: 'Check the server-side OPENAI_API_KEY (or Azure api-key).' },
      404: { hint: 'Check baseUrl: it should end in /v1 (Azure: /openai/v1).' },
    },
  })) as Partial<ClientSecretResponse> | null;
  if (!json || typeof json.value !== 'string') {
    throw new OpenAIApiError(
      { status: 502, code: 'invalid_upstream_response', upstreamMessage: 'no `value` in the answer' },
      'The client_secrets endpoint answered without a `value`. Is baseUrl a Realtime API (…/v1)?',
    );
  }
  return json as ClientSecretResponse;
}

/**
 * Mints an ephemeral client secret (`ek_...`) for a browser, with the standard key kept on the server.
 * @example
 * const { value, expiresAt } = await createClientSecret({
 *   session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
 *   expiresAfter: 600,
 * }); // uses process.env.OPENAI_API_KEY
 * @example
 * // Azure: deployment as model, api-key header instead of OPENAI_API_KEY
 * await createClientSecret({
 *   baseUrl: 'https://my-resource.openai.azure.com/openai/v1',
 *   extraHeaders: { 'api-key': process.env.AZURE_OPENAI_API_KEY! },
 *   session: { type: 'realtime', model: 'my-gpt-realtime-deployment' },
 * });
 */
export async function createClientSecret(options: ClientSecretOptions): Promise<ClientSecret> {
  const json = await mintClientSecret(options);
  return { value: json.value, expiresAt: json.expires_at, session: json.session };
}
