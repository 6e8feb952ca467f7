/**
 * How every server helper authenticates upstream: `Authorization: Bearer <key>` from `apiKey` or the
 * `OPENAI_API_KEY` environment variable, plus `extraHeaders`. With Azure's `api-key` header (or an
 * `Authorization` header) in `extraHeaders`, no OpenAI key is needed.
 * @module
 */
import { ConfigError, maskSecret, redactSecrets as redactKeys } from '@realtime-agents/core';
import { readEnv } from './env.js';

/** Options shared by every helper that talks to the API. */
export interface ApiAuthOptions {
  /** Standard API key. @default process.env.OPENAI_API_KEY (read only where `process` exists) */
  apiKey?: string;
  /** Sent with every request, e.g. `{ 'api-key': AZURE_KEY }` for Azure or `OpenAI-Project`. */
  extraHeaders?: Record<string, string>;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

/**
 * The request headers (auth first, then `extraHeaders`) plus the secrets to redact from anything
 * that may reach a browser. Throws `ConfigError` (`missing_api_key`) when there is no credential.
 */
export function resolveAuth(options: ApiAuthOptions): { headers: Record<string, string>; secrets: string[] } {
  const extra = options.extraHeaders ?? {};
  const headerAuth = hasHeader(extra, 'api-key') || hasHeader(extra, 'authorization');
  const apiKey = options.apiKey ?? (headerAuth ? undefined : readEnv('OPENAI_API_KEY'));
  if (!apiKey && !headerAuth) {
    throw new ConfigError(
      'apiKey',
      'No OpenAI API key: set the OPENAI_API_KEY environment variable on the server ' +
        '(e.g. `export OPENAI_API_KEY=sk-...` or an .env file loaded before start), or pass `apiKey`. ' +
        "For Azure pass `extraHeaders: { 'api-key': ... }` instead.",
      'missing_api_key',
    );
  }
  const headers: Record<string, string> = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
  const secrets = apiKey ? [apiKey] : [];
  for (const [name, value] of Object.entries(extra)) {
    headers[name] = value;
    const lower = name.toLowerCase();
    if (lower === 'api-key') secrets.push(value);
    if (lower === 'authorization') secrets.push(value.replace(/^Bearer\s+/i, ''));
  }
  return { headers, secrets };
}

/**
 * Removes credentials from text that may be shown to a browser: the exact secrets given (any shape,
 * e.g. Azure keys), then everything core's `redactSecrets` masks (`sk-…`, `ek_…`, even partially
 * masked ones the API quotes back, `Bearer …`).
 * @example redactSecrets('Incorrect API key provided: sk-abc***wxyz', []) // 'Incorrect API key provided: sk-…'
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(maskSecret(secret));
  return redactKeys(out);
}

/** Every credential these options could send (explicit, environment and header ones), for redaction. */
export function credentialValues(options: ApiAuthOptions): string[] {
  const values = [options.apiKey, readEnv('OPENAI_API_KEY')];
  for (const [name, value] of Object.entries(options.extraHeaders ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'api-key' || lower === 'authorization')
      values.push(value, value.replace(/^Bearer\s+/i, ''));
  }
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 4);
}
