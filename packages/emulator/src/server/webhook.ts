/**
 * Standard Webhooks signing (protocol §8.3) and delivery of `realtime.call.incoming`.
 * @module
 */
import { createHmac } from 'node:crypto';
import { newId } from '../ids.js';

/** Key bytes of a secret: base64 after `whsec_`, or the raw UTF-8 bytes without the prefix. */
function keyOf(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/**
 * Signature header value for a delivery.
 * @example signWebhook('whsec_c2VjcmV0', 'wh_1', 1767220000, '{"a":1}') // 'v1,…'
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The body and headers of one webhook delivery. */
export interface WebhookDelivery {
  body: string;
  headers: Record<string, string>;
}

/** Build a signed `realtime.call.incoming` delivery. */
export function callIncomingDelivery(
  secret: string,
  callId: string,
  sipHeaders: Array<{ name: string; value: string }>,
): WebhookDelivery {
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    object: 'event',
    id: newId.webhookEvent(),
    type: 'realtime.call.incoming',
    created_at: now,
    data: { call_id: callId, sip_headers: sipHeaders },
  });
  const id = newId.webhookDelivery();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)',
      'webhook-id': id,
      'webhook-timestamp': String(now),
      'webhook-signature': signWebhook(secret, id, now, body),
    },
  };
}

/** POST a delivery; resolves the HTTP status (0 when the target could not be reached). */
export async function deliverWebhook(url: string, delivery: WebhookDelivery): Promise<number> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  } catch {
    return 0;
  }
}
