/**
 * Masking OpenAI credentials in anything bound for a log, an error message or a UI: standard keys
 * (`sk-…` of every kind: plain, project, service account, admin), ephemeral client secrets (`ek_…`), keys the API
 * already half-masked (`sk-abc***wxyz`), and whatever (12+ characters) follows `Bearer `, the WebSocket subprotocol
 * `openai-insecure-api-key.` or an `api-key=` / `client_secret=` / `token=` URL parameter.
 *
 * A masked key keeps its kind prefix and, only when the key is long enough that it gives nothing
 * away (a body of 20+ characters), its last 4 characters — the way the OpenAI dashboard lists keys:
 * `sk-proj-…9xYz`, `ek_…a1b2`, short or unknown tokens become `sk-…` / `…`. Never the whole key.
 * Masking is idempotent. Pure: no DOM, no Node built-ins.
 * @module
 */

const KIND = /^(sk-(?:proj|svcacct|admin|None)-|sk-|ek_)/;
const KEY_CHARS = 'A-Za-z0-9_*\\-';
// A key starts at a word boundary and runs to the first character that cannot be in one (and that is
// not the `…` of an already masked key, which keeps this idempotent).
const KEY = new RegExp(`(?<![${KEY_CHARS}])(?:sk-|ek_)[${KEY_CHARS}]{6,}(?![${KEY_CHARS}…])`, 'g');
const CONTEXT =
  /(openai-insecure-api-key\.|\bBearer\s+|[?&#](?:api[-_]?key|key|client_secret|token|access_token)=)([^\s,;"'&<>…]{12,})(?=[\s,;"'&<>]|$)/gi;
const SECRET_FIELD =
  /^(?:authorization|api[-_]?key|client[-_]?secret|secret|password|token|access[-_]?token)$/i;
const SHOW_TAIL_FROM = 20;

/**
 * One credential, masked: kind prefix, `…`, and the last 4 characters when the body is 20+ long.
 * @example maskSecret('sk-proj-' + 'x'.repeat(40) + 'abcd') // 'sk-proj-…abcd'
 */
export function maskSecret(secret: string): string {
  const kind = KIND.exec(secret)?.[0] ?? '';
  const body = secret.slice(kind.length);
  const tail = body.length >= SHOW_TAIL_FROM && !body.slice(-4).includes('*') ? body.slice(-4) : '';
  return `${kind}…${tail}`;
}

/**
 * `text` with every credential in it masked (see the module doc for what counts as one).
 * @example redactSecrets(`Incorrect API key provided: sk-${'x'.repeat(20)}XYZ9.`)
 * // 'Incorrect API key provided: sk-…XYZ9.'
 */
export function redactSecrets(text: string): string {
  return text
    .replace(CONTEXT, (_, lead: string, token: string) => lead + maskSecret(token))
    .replace(KEY, (key) => maskSecret(key));
}

/**
 * A JSON-friendly copy of `value` with every string passed through {@link redactSecrets} and the
 * string values of credential-named fields (`authorization`, `api_key`, `client_secret`, `token`, …)
 * masked whole. Errors become plain `{ name, message, …own fields, cause }` objects (so
 * `JSON.stringify` shows them), cycles become `'[Circular]'`, typed arrays are kept as they are.
 * @example JSON.stringify(redactValue({ type: 'error', error: new Error('bad key sk-…') }))
 */
export function redactValue(value: unknown): unknown {
  return walk(value, new WeakSet(), 0);
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 32) return '…';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => walk(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.name = value.name;
      out.message = value.message;
    }
    for (const [k, v] of Object.entries(value)) {
      out[k] = typeof v === 'string' && SECRET_FIELD.test(k) ? maskSecret(v) : v;
    }
    if (value instanceof Error && value.cause !== undefined) out.cause = value.cause;
    for (const k of Object.keys(out)) out[k] = walk(out[k], seen, depth + 1);
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * `error` itself, its message (and each cause's) passed through {@link redactSecrets} and a `raw`
 * field (a `ProtocolError`'s server message) through {@link redactValue}. In place, so the class,
 * `code` and stack stay; the session does this to every error before a listener sees it.
 * @example redactError(new Error(`bad key sk-${'x'.repeat(24)}`)).message // 'bad key sk-…xxxx'
 */
export function redactError<E extends Error>(error: E): E {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 8; depth++, e = e.cause) {
    const masked = redactSecrets(e.message);
    if (masked !== e.message) {
      e.message = masked;
      if (typeof e.stack === 'string') e.stack = redactSecrets(e.stack); // V8 copies the message in
    }
    const holder = e as Error & { raw?: unknown };
    if (holder.raw !== undefined) holder.raw = redactValue(holder.raw);
  }
  return error;
}
