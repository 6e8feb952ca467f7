/**
 * Which credential authenticates a connect, in one order for every transport: the transport's
 * `clientSecret`, its `apiKey`, the runner's `apiKey`, `OPENAI_API_KEY` (Node, when asked), else
 * an Azure `api-key` (or explicit `Authorization`) header. In a browser only ephemeral keys pass.
 * @module
 */
import { TransportError } from '../errors.js';
import { envApiKey } from './environment.js';
import { isEphemeralKey, type KeySource, maskKey, readKey } from './key-source.js';

/** Inputs of {@link resolveKey}. */
export interface KeyInputs {
  /** The function or name the user called, for messages: `websocketTransport`, `webrtcTransport`. */
  caller: string;
  clientSecret?: KeySource;
  apiKey?: KeySource;
  /** The runner's key (`RealtimeRunner({ apiKey })`). */
  runnerApiKey?: string;
  /** Fall back to `process.env.OPENAI_API_KEY` (read in Node only) when no header authenticates. */
  useEnv?: boolean;
  /** Request headers; an `api-key` or `Authorization` header authenticates when no key is given. */
  headers?: Record<string, string>;
  /** Refuse standard keys and credential headers unless `dangerouslyAllowBrowser`. */
  browser: boolean;
  dangerouslyAllowBrowser?: boolean;
  /** How to give a key, appended to the `missing_key` message. */
  missingHint: string;
}

/** What authenticates: a key (for `Authorization: Bearer` or a subprotocol), or a header alone. */
export type ResolvedKey =
  | { key: string; from: 'clientSecret' | 'apiKey' | 'the runner apiKey' | 'OPENAI_API_KEY' }
  | { key: null; header: 'api-key' | 'authorization' };

/**
 * The value of header `name` among `headers`, in any letter case.
 * @example
 * headerValue({ 'API-Key': 'k' }, 'api-key') // 'k'
 */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name && v) return v;
  return undefined;
}

/**
 * The `insecure_key` error: a standard key (or a credential header) offered in a browser. `where`
 * names it, masked (`clientSecret: sk-…1234`).
 * @example
 * throw insecureKeyError('webrtcTransport', `apiKey: ${maskKey(key)}`);
 */
export function insecureKeyError(caller: string, where: string): TransportError {
  return new TransportError(
    'insecure_key',
    `${caller} refuses a standard API key (${where}) in the browser: anyone who opens the page can read it. ` +
      'Use an ephemeral client secret (ek_…, valid for minutes) minted by your server with POST /v1/realtime/client_secrets — ' +
      `e.g. with clientSecretHandler() from @realtime-agents/server — and pass it as ${caller}({ clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value) }). ` +
      `For local experiments only, ${caller}({ dangerouslyAllowBrowser: true }) allows a standard key.`,
  );
}

/**
 * Resolve the credential of one connect. Never puts a key in an error message (only masked).
 * Throws `TransportError`: `missing_key` (nothing given, or an empty key), `client_secret_failed`
 * (the key function threw), `insecure_key` (a standard key in a browser).
 * @example
 * const auth = await resolveKey({ caller: 'websocketTransport', clientSecret, browser: isBrowser(), missingHint: 'pass clientSecret.' });
 * if (auth.key) headers.Authorization = `Bearer ${auth.key}`;
 */
export async function resolveKey(inputs: KeyInputs): Promise<ResolvedKey> {
  const allowed = !inputs.browser || inputs.dangerouslyAllowBrowser === true;
  const header = headerValue(inputs.headers, 'api-key')
    ? 'api-key'
    : headerValue(inputs.headers, 'authorization')
      ? 'authorization'
      : undefined;
  const env = inputs.useEnv && !header ? envApiKey() : undefined;
  const [source, from]: [KeySource | undefined, Extract<ResolvedKey, { key: string }>['from']] =
    inputs.clientSecret !== undefined
      ? [inputs.clientSecret, 'clientSecret']
      : inputs.apiKey !== undefined
        ? [inputs.apiKey, 'apiKey']
        : inputs.runnerApiKey !== undefined
          ? [inputs.runnerApiKey, 'the runner apiKey']
          : [env, 'OPENAI_API_KEY'];
  if (source === undefined) {
    if (!header)
      throw new TransportError('missing_key', `${inputs.caller} needs a key: ${inputs.missingHint}`);
    if (!allowed) {
      const value = headerValue(inputs.headers, header) ?? '';
      throw insecureKeyError(
        inputs.caller,
        `the ${header === 'api-key' ? 'Azure api-key' : 'Authorization'} header: ${maskKey(value)}`,
      );
    }
    return { key: null, header };
  }
  const key = await readKey(source, from);
  if (!allowed && !isEphemeralKey(key)) throw insecureKeyError(inputs.caller, `${from}: ${maskKey(key)}`);
  return { key, from };
}
