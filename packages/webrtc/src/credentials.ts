/**
 * Which key authenticates the SDP offer, and the browser safety check: a standard key in a web
 * page is readable by anyone who opens it, so only ephemeral `ek_` client secrets are accepted
 * there unless the app explicitly opts out.
 * @module
 */
import { ConfigError, TransportError } from '@realtime-agents/core';

/** A key, or a function that fetches one (called once per connect). */
export type KeySource = string | (() => Promise<string> | string);

/** True in a browser window or worker (where a standard key would be exposed). */
export function isBrowser(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown; WorkerGlobalScope?: unknown };
  return (
    (typeof g.window === 'object' && typeof g.document === 'object') || g.WorkerGlobalScope !== undefined
  );
}

/** True for an ephemeral client secret (`ek_…`). */
export const isEphemeralKey = (key: string): boolean => key.startsWith('ek_');

const EXPLAIN =
  'A standard API key in a web page can be read by anyone who opens the page. Mint a short-lived ' +
  'client secret (ek_…) on your server with POST /v1/realtime/client_secrets — e.g. with ' +
  "clientSecretHandler() from @realtime-agents/server — and pass it as webrtcTransport({ clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value) }). " +
  'For local experiments only, webrtcTransport({ dangerouslyAllowBrowser: true }) allows a standard key.';

/** The error for a standard key used in a browser. */
export function insecureKeyError(where: string): TransportError {
  return new TransportError(
    'insecure_api_key',
    `webrtcTransport refuses a standard API key (${where}) in the browser. ${EXPLAIN}`,
  );
}

/** Construction-time check of a literal key given to the transport. */
export function checkLiteralKey(option: string, key: string, allowBrowser: boolean): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new ConfigError(option, `${option}: expected a non-empty key string or a function returning one`);
  }
  if (!allowBrowser && isBrowser() && !isEphemeralKey(key)) {
    throw new ConfigError(option, insecureKeyError(`${option}: ${mask(key)}`).message, 'insecure_api_key');
  }
}

/** `sk-abc…xyz` for messages; never the whole key. */
export function mask(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/** The Azure `api-key` header among `headers` (any case), if any. */
export function azureKeyHeader(headers: Record<string, string> | undefined): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === 'api-key' && v) return v;
  return undefined;
}

/**
 * Resolve the key for one connect: the transport's `clientSecret`, else its `apiKey`, else the
 * runner's `apiKey`; `null` when the request authenticates with an Azure `api-key` header instead.
 * Refuses non-ephemeral keys (and `api-key` headers) in a browser unless `allowBrowser`.
 * @example
 * const key = await resolveKey({ clientSecret: fetchSecret }, undefined, false);
 */
export async function resolveKey(
  own: { clientSecret?: KeySource; apiKey?: string },
  runnerKey: string | undefined,
  allowBrowser: boolean,
  headers?: Record<string, string>,
): Promise<string | null> {
  const source = own.clientSecret ?? own.apiKey ?? runnerKey;
  if (source === undefined && azureKeyHeader(headers)) {
    if (!allowBrowser && isBrowser())
      throw insecureKeyError(`the Azure api-key header: ${mask(azureKeyHeader(headers)!)}`);
    return null;
  }
  if (source === undefined) {
    throw new TransportError(
      'missing_key',
      'webrtcTransport needs a key: pass clientSecret (an ephemeral ek_… key, or a function that fetches one from your server). ' +
        EXPLAIN,
    );
  }
  let key: unknown;
  try {
    key = typeof source === 'function' ? await source() : source;
  } catch (cause) {
    throw new TransportError(
      'client_secret_failed',
      `The clientSecret function failed: ${(cause as Error)?.message ?? cause}. Check the endpoint that mints client secrets.`,
      { cause },
    );
  }
  if (typeof key !== 'string' || key.trim() === '') {
    throw new TransportError(
      'client_secret_failed',
      `The clientSecret function returned ${JSON.stringify(key)}; it must resolve to the secret's value string (the "value" field of POST /v1/realtime/client_secrets).`,
    );
  }
  if (!allowBrowser && isBrowser() && !isEphemeralKey(key)) {
    const where =
      own.clientSecret !== undefined
        ? 'clientSecret'
        : own.apiKey !== undefined
          ? 'apiKey'
          : 'the runner apiKey';
    throw insecureKeyError(`${where}: ${mask(key)}`);
  }
  return key.trim();
}
