/**
 * Where a transport runs. Core has no DOM or Node types, so both checks look at `globalThis`.
 *
 * One rule for "browser": a DOM-like global (`window` and `document`) or a worker scope. It does
 * not ask whether Node is underneath, so jsdom (and an Electron renderer) count as browsers. The
 * check guards API keys: code that sees a DOM is browser code (jsdom is how it is tested, and an
 * Electron page exposes its keys to the page like a browser does), so refusing a standard key
 * there fails safe; `dangerouslyAllowBrowser` opts out. The rule "not Node, and `navigator` with a
 * window" that the WebSocket transport used before let a standard key through in workers.
 * @module
 */

interface GlobalLike {
  window?: unknown;
  document?: unknown;
  WorkerGlobalScope?: unknown;
  process?: { versions?: { node?: string }; env?: Record<string, string | undefined> };
}

const scope = (): GlobalLike => globalThis as GlobalLike;

/**
 * True in a browser page or worker (and under jsdom): where a standard API key would be exposed.
 * @example
 * if (isBrowser() && !options.dangerouslyAllowBrowser) refuseStandardKeys();
 */
export function isBrowser(): boolean {
  const g = scope();
  return (
    (typeof g.window === 'object' && typeof g.document === 'object') || g.WorkerGlobalScope !== undefined
  );
}

/**
 * True in Node (or a runtime with Node compatibility), where `process.versions.node` exists.
 * @example
 * const ws = isNode() ? await import('ws') : null;
 */
export function isNode(): boolean {
  return typeof scope().process?.versions?.node === 'string';
}

/**
 * `process.env.OPENAI_API_KEY`, read only in Node (a browser bundle may shim `process`); undefined
 * when unset or empty.
 * @example
 * const key = options.apiKey ?? envApiKey();
 */
export function envApiKey(): string | undefined {
  if (!isNode()) return undefined;
  const key = scope().process?.env?.OPENAI_API_KEY;
  return key ? key : undefined;
}
