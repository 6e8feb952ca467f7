/**
 * Standard Webhooks signing and verification (protocol §8.3), with Web Crypto only so it runs on
 * Node ≥ 20 and any fetch runtime.
 * @module
 */
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { WebhookVerificationError } from './errors.js';
import type { WebhookEvent } from './webhook-event.js';

/** Headers as a `Headers` object, a plain record (any case), or Node's `req.headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** The three Standard Webhooks headers (a type alias, so it is accepted where a header record is). */
export type WebhookSignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

const encoder = new TextEncoder();

function secretBytes(secret: string): Uint8Array {
  if (!secret) throw new WebhookVerificationError('invalid_secret', 'The webhook secret is empty.');
  if (!secret.startsWith('whsec_')) return encoder.encode(secret);
  try {
    return base64ToBytes(secret.slice('whsec_'.length));
  } catch {
    throw new WebhookVerificationError(
      'invalid_secret',
      'The webhook secret is not valid: after the whsec_ prefix it must be base64. Copy it again from the dashboard.',
    );
  }
}

function hmacKey(secret: string, usage: 'sign' | 'verify') {
  const raw = secretBytes(secret);
  return crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'wh_' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Signs a webhook body the way OpenAI does; returns the headers to send with it (for tests and emulators).
 * @example
 * const body = JSON.stringify(event);
 * const headers = await signWebhook(body, 'whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM=');
 * await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
 */
export async function signWebhook(
  rawBody: string,
  secret: string,
  options: { id?: string; timestamp?: number } = {},
): Promise<WebhookSignatureHeaders> {
  const id = options.id ?? randomId();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = await hmacKey(secret, 'sign');
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestamp}.${rawBody}`));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${bytesToBase64(new Uint8Array(mac))}`,
  };
}

/** Options of `verifyWebhook`. */
export interface VerifyWebhookOptions {
  /** Largest allowed distance between `webhook-timestamp` and now, in seconds. @default 300 */
  toleranceSec?: number;
  /** The current time in unix seconds (for tests). @default Date.now() / 1000 */
  now?: number;
}

/**
 * Verifies a Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * and returns the parsed event. Throws `WebhookVerificationError` (code `missing_header`,
 * `invalid_timestamp`, `stale_timestamp`, `invalid_signature`, `invalid_secret` or `invalid_json`).
 * Pass the raw body exactly as received, not re-serialized JSON. While rotating the secret, pass
 * both (`[newSecret, oldSecret]`): a signature made with either is accepted.
 * @example
 * // Any fetch runtime:
 * const body = await request.text();
 * const event = await verifyWebhook(body, request.headers, process.env.OPENAI_WEBHOOK_SECRET!);
 * if (isRealtimeCallIncoming(event)) await calls.accept(event.data.call_id, session);
 */
export async function verifyWebhook(
  rawBody: string,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  const missing = [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', signature],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0 || !id || !timestamp || !signature) {
    throw new WebhookVerificationError(
      'missing_header',
      `Missing webhook header(s): ${missing.join(', ')}. Is this request from OpenAI, and does your framework keep its headers?`,
    );
  }
  if (!/^\d{1,15}$/.test(timestamp.trim())) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      `Invalid webhook-timestamp: ${JSON.stringify(timestamp)}.`,
    );
  }
  const tolerance = options.toleranceSec ?? 300;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const skew = now - Number(timestamp);
  if (Math.abs(skew) > tolerance) {
    throw new WebhookVerificationError(
      'stale_timestamp',
      `Webhook timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? 'past' : 'future'} (tolerance ${tolerance} s): ` +
        'a replayed request, or the server clock is wrong.',
    );
  }
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0)
    throw new WebhookVerificationError(
      'invalid_secret',
      'No webhook secret given: pass whsec_... (or a list while rotating).',
    );
  const keys = await Promise.all(secrets.map((s) => hmacKey(s, 'verify')));
  const signed = encoder.encode(`${id}.${timestamp.trim()}.${rawBody}`);
  let valid = false;
  for (const entry of signature.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    let mac: Uint8Array;
    try {
      mac = base64ToBytes(entry.slice(comma + 1));
    } catch {
      continue;
    }
    // crypto.subtle.verify compares in constant time; every entry and key is checked (no early exit).
    for (const key of keys) {
      if (await crypto.subtle.verify('HMAC', key, mac as Uint8Array<ArrayBuffer>, signed)) valid = true;
    }
  }
  if (!valid) {
    throw new WebhookVerificationError(
      'invalid_signature',
      'No webhook-signature matches: check the webhook secret (whsec_...) and pass the raw request body unchanged.',
    );
  }
  try {
    return JSON.parse(rawBody) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError(
      'invalid_json',
      'The webhook signature is valid but the body is not JSON.',
    );
  }
}
