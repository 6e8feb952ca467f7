/**
 * Which key authenticates the SDP offer, on the shared rules of `@realtime-agents/core/transport-kit`:
 * a standard key in a web page is readable by anyone who opens it, so only ephemeral `ek_` client
 * secrets are accepted there unless the app explicitly opts out.
 * @module
 */
import { ConfigError } from '@realtime-agents/core';
import {
  insecureKeyError,
  isBrowser,
  isEphemeralKey,
  type KeySource,
  maskKey,
  resolveKey as resolveSharedKey,
} from '@realtime-agents/core/transport-kit';

const CALLER = 'webrtcTransport';

/** Construction-time check of a literal key given to the transport. Throws `ConfigError`. */
export function checkLiteralKey(option: string, key: string, allowBrowser: boolean): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new ConfigError(option, `${option}: expected a non-empty key string or a function returning one`);
  }
  if (!allowBrowser && isBrowser() && !isEphemeralKey(key)) {
    throw new ConfigError(
      option,
      insecureKeyError(CALLER, `${option}: ${maskKey(key)}`).message,
      'insecure_key',
    );
  }
}

/**
 * Resolve the key for one connect: the transport's `clientSecret`, else its `apiKey`, else the
 * runner's `apiKey`; `null` when the request authenticates with an Azure `api-key` (or
 * `Authorization`) header instead. Refuses standard keys (and such headers) in a browser unless
 * `allowBrowser`.
 * @example
 * const key = await resolveKey({ clientSecret: fetchSecret }, undefined, false);
 */
export async function resolveKey(
  own: { clientSecret?: KeySource; apiKey?: string },
  runnerKey: string | undefined,
  allowBrowser: boolean,
  headers?: Record<string, string>,
): Promise<string | null> {
  const resolved = await resolveSharedKey({
    caller: CALLER,
    clientSecret: own.clientSecret,
    apiKey: own.apiKey,
    runnerApiKey: runnerKey,
    headers,
    browser: isBrowser(),
    dangerouslyAllowBrowser: allowBrowser,
    missingHint:
      "pass clientSecret (an ephemeral ek_… key, or a function that fetches one from your server, e.g. an endpoint built with clientSecretHandler() from @realtime-agents/server): webrtcTransport({ clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value) }).",
  });
  return resolved.key;
}
