/**
 * Where the transport runs: a browser (subprotocol auth, microphone and speaker) or Node and other
 * server runtimes (header auth, no audio devices).
 * @module
 */

/** True in a browser page or worker (a DOM-like global with `navigator`, and not Node). */
export function isBrowser(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown; navigator?: unknown; process?: unknown };
  if (isNode()) return false;
  return typeof g.navigator === 'object' && (typeof g.window === 'object' || typeof g.document === 'object');
}

/** True in Node (or Bun/Deno's Node compatibility), where `process.versions.node` exists. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** `process.env.OPENAI_API_KEY`, read only in Node (never in browsers, where `process` may be shimmed). */
export function envApiKey(): string | undefined {
  if (!isNode()) return undefined;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const key = env?.OPENAI_API_KEY;
  return key ? key : undefined;
}
