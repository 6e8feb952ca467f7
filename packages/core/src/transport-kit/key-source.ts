/**
 * Keys as the user gives them: a string, or a function that fetches one (an ephemeral `ek_` key
 * from your server). Reading one never puts the key in an error message.
 * @module
 */
import { TransportError } from '../errors.js';

/**
 * A key, or a function that fetches a fresh one (called on every connect).
 * @example
 * const clientSecret: KeySource = () => fetch('/session').then((r) => r.json()).then((j) => j.value);
 */
export type KeySource = string | (() => string | Promise<string>);

/**
 * True for an ephemeral client secret (`ek_…`), the only kind of key safe in a browser.
 * @example
 * isEphemeralKey('ek_123') // true
 */
export const isEphemeralKey = (key: string): boolean => key.startsWith('ek_');

/**
 * A key shortened for messages (`sk-…1234`); short keys become `***`. Never log a whole key.
 * @example
 * maskKey('ek_0123456789abcdef') // 'ek_…cdef'
 */
export function maskKey(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}

function describe(value: unknown): string {
  if (value === '' || (typeof value === 'string' && value.trim() === '')) return 'an empty string';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : String(typeof value);
}

/**
 * The key a source gives, trimmed. `name` says which option it came from (`clientSecret`, `apiKey`).
 * Throws `TransportError` `client_secret_failed` when the function throws or rejects (the endpoint
 * may work next time), `missing_key` when it gives no non-empty string (a bug to fix).
 * @example
 * const key = await readKey(options.clientSecret, 'clientSecret');
 */
export async function readKey(source: KeySource, name: string): Promise<string> {
  let key: unknown;
  try {
    key = typeof source === 'function' ? await source() : source;
  } catch (e) {
    throw new TransportError(
      'client_secret_failed',
      `The ${name} function failed: ${(e as Error)?.message ?? String(e)}. Check the endpoint that mints client secrets.`,
      { cause: e },
    );
  }
  if (typeof key !== 'string' || key.trim() === '') {
    const from = typeof source === 'function' ? `The ${name} function returned` : `The ${name} option is`;
    throw new TransportError(
      'missing_key',
      `${from} ${describe(key)}; it must be a non-empty key string (for a client secret, the "value" field of POST /v1/realtime/client_secrets).`,
    );
  }
  return key.trim();
}
