/**
 * The API base every transport and server helper uses when none is given, and reading one.
 * @module
 */
import { ConfigError } from '../errors.js';

/**
 * The OpenAI REST base URL (`https://api.openai.com/v1`); transports derive their endpoints from it.
 * @example
 * const base = options.baseUrl ?? DEFAULT_BASE_URL;
 */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

type UrlConstructor = new (url: string) => { protocol: string };

/**
 * Check a `baseUrl` (default {@link DEFAULT_BASE_URL}): absolute, with one of `schemes`; returns
 * it. Throws `ConfigError` (`baseUrl`) otherwise, showing `example` as a good value.
 * @example
 * const url = new URL(checkBaseUrl(options.baseUrl, ['http:', 'https:'], DEFAULT_BASE_URL));
 */
export function checkBaseUrl(
  baseUrl: string | undefined,
  schemes: readonly string[],
  example: string,
): string {
  const base = baseUrl ?? DEFAULT_BASE_URL;
  // core has no DOM lib: the WHATWG URL of browsers and Node, looked up structurally
  const Url = (globalThis as unknown as { URL: UrlConstructor }).URL;
  let protocol: string;
  try {
    protocol = new Url(base).protocol;
  } catch {
    throw new ConfigError(
      'baseUrl',
      `baseUrl must be an absolute URL like ${example}, got ${JSON.stringify(base)}`,
    );
  }
  if (!schemes.includes(protocol)) {
    // 'http:', 'https:' → 'http(s)'
    const names = schemes
      .filter((s) => !(s.endsWith('s:') && schemes.includes(`${s.slice(0, -2)}:`)))
      .map((s) => (schemes.includes(`${s.slice(0, -1)}s:`) ? `${s.slice(0, -1)}(s)` : s.slice(0, -1)))
      .join(' or ');
    throw new ConfigError(
      'baseUrl',
      `baseUrl must use ${names} (like ${example}), got ${JSON.stringify(protocol)} in ${JSON.stringify(base)}`,
    );
  }
  return base;
}
