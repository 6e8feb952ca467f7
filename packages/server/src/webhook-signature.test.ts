import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from './errors.js';
import { isRealtimeCallIncoming } from './webhook-event.js';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

const SECRET_BYTES = Buffer.from('a 32-byte webhook signing key!!!');
const SECRET = `whsec_${SECRET_BYTES.toString('base64')}`;
const NOW = 1_767_220_000;
const event = {
  object: 'event',
  id: 'evt_685343a1381c819085d44c354e1b330e',
  type: 'realtime.call.incoming',
  created_at: NOW - 10,
  data: {
    call_id: 'rtc_ed9041dff02cee737443e210471948d3',
    sip_headers: [{ name: 'From', value: 'sip:+15555550100@carrier.example' }],
  },
};
const BODY = JSON.stringify(event);

/** Independent reference computation with node:crypto. */
function reference(id: string, timestamp: number, body: string, key: Buffer = SECRET_BYTES): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).code;
}

describe('signWebhook', () => {
  it('produces the Standard Webhooks headers, matching an independent HMAC-SHA256', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: 'wh_0123', timestamp: NOW });
    expect(headers['webhook-id']).toBe('wh_0123');
    expect(headers['webhook-timestamp']).toBe(String(NOW));
    expect(headers['webhook-signature']).toBe(`v1,${reference('wh_0123', NOW, BODY)}`);
  });

  it('generates a wh_ id and the current timestamp by default', async () => {
    const headers = await signWebhook(BODY, SECRET);
    expect(headers['webhook-id']).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    const { 'webhook-id': id, 'webhook-timestamp': ts } = headers;
    expect(headers['webhook-signature']).toBe(`v1,${reference(id, Number(ts), BODY)}`);
  });

  it('uses a secret without the whsec_ prefix as raw UTF-8 bytes', async () => {
    const headers = await signWebhook(BODY, 'plain-secret', { id: 'wh_1', timestamp: NOW });
    expect(headers['webhook-signature']).toBe(
      `v1,${reference('wh_1', NOW, BODY, Buffer.from('plain-secret'))}`,
    );
    await expect(verifyWebhook(BODY, headers, 'plain-secret', { now: NOW })).resolves.toEqual(event);
  });
});

describe('verifyWebhook', () => {
  it('round-trips and returns the parsed event', async () => {
    const headers = await signWebhook(BODY, SECRET);
    const verified = await verifyWebhook(BODY, headers, SECRET);
    expect(verified).toEqual(event);
    expect(verified.type).toBe('realtime.call.incoming');
  });

  it('accepts a signature computed independently with node:crypto, in a Headers object', async () => {
    const headers = new Headers({
      'webhook-id': 'wh_abc',
      'webhook-timestamp': String(NOW),
      'webhook-signature': `v1,${reference('wh_abc', NOW, BODY)}`,
    });
    await expect(verifyWebhook(BODY, headers, SECRET, { now: NOW })).resolves.toEqual(event);
  });

  it('accepts Node-style header records in any case and several space-separated signatures', async () => {
    const good = reference('wh_multi', NOW, BODY);
    const other = reference('wh_multi', NOW, BODY, Buffer.from('previous secret'));
    const headers = {
      'Webhook-Id': 'wh_multi',
      'WEBHOOK-TIMESTAMP': String(NOW),
      'webhook-signature': `v1a,${good} v1,${other} v1,not-base64!!! v1,${good}`,
      'content-type': undefined,
    };
    await expect(verifyWebhook(BODY, headers, SECRET, { now: NOW })).resolves.toEqual(event);
    // the same list without the good one fails
    const onlyOld = { ...headers, 'webhook-signature': `v1,${other} v2,${good}` };
    expect(await code(verifyWebhook(BODY, onlyOld, SECRET, { now: NOW }))).toBe('invalid_signature');
  });

  it('rejects a tampered body, id or timestamp, and a wrong secret', async () => {
    const headers = await signWebhook(BODY, SECRET, { id: 'wh_t', timestamp: NOW });
    const tampered = BODY.replace('rtc_ed90', 'rtc_ffff');
    expect(await code(verifyWebhook(tampered, headers, SECRET, { now: NOW }))).toBe('invalid_signature');
    expect(await code(verifyWebhook(`${BODY} `, headers, SECRET, { now: NOW }))).toBe('invalid_signature');
    expect(await code(verifyWebhook(BODY, { ...headers, 'webhook-id': 'wh_u' }, SECRET, { now: NOW }))).toBe(
      'invalid_signature',
    );
    expect(
      await code(
        verifyWebhook(BODY, { ...headers, 'webhook-timestamp': String(NOW + 1) }, SECRET, { now: NOW }),
      ),
    ).toBe('invalid_signature');
    const otherSecret = `whsec_${Buffer.from('another key').toString('base64')}`;
    const error = await verifyWebhook(BODY, headers, otherSecret, { now: NOW }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/raw request body/);
  });

  it('rejects stale and future timestamps beyond the tolerance, and accepts within it', async () => {
    const headers = await signWebhook(BODY, SECRET, { timestamp: NOW });
    const stale = await verifyWebhook(BODY, headers, SECRET, { now: NOW + 301 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WebhookVerificationError);
    expect((stale as WebhookVerificationError).code).toBe('stale_timestamp');
    expect((stale as Error).message).toMatch(/301 s in the past/);
    expect(await code(verifyWebhook(BODY, headers, SECRET, { now: NOW - 301 }))).toBe('stale_timestamp');
    await expect(verifyWebhook(BODY, headers, SECRET, { now: NOW + 300 })).resolves.toEqual(event);
    await expect(
      verifyWebhook(BODY, headers, SECRET, { now: NOW + 3000, toleranceSec: 3600 }),
    ).resolves.toEqual(event);
    expect(await code(verifyWebhook(BODY, headers, SECRET, { now: NOW + 11, toleranceSec: 10 }))).toBe(
      'stale_timestamp',
    );
    // real clock: a signature from an hour ago is stale
    const old = await signWebhook(BODY, SECRET, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await code(verifyWebhook(BODY, old, SECRET))).toBe('stale_timestamp');
  });

  it('names every missing header', async () => {
    const headers = await signWebhook(BODY, SECRET, { timestamp: NOW });
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const partial: Record<string, string> = { ...headers };
      delete partial[name];
      const error = await verifyWebhook(BODY, partial, SECRET, { now: NOW }).catch((e: unknown) => e);
      expect((error as WebhookVerificationError).code).toBe('missing_header');
      expect((error as Error).message).toContain(name);
    }
    const none = await verifyWebhook(BODY, new Headers(), SECRET, { now: NOW }).catch((e: unknown) => e);
    expect((none as Error).message).toContain('webhook-id, webhook-timestamp, webhook-signature');
  });

  it('rejects a non-numeric timestamp, a bad whsec_ secret, an empty secret and a signed non-JSON body', async () => {
    const headers = await signWebhook(BODY, SECRET, { timestamp: NOW });
    expect(await code(verifyWebhook(BODY, { ...headers, 'webhook-timestamp': '17e8' }, SECRET))).toBe(
      'invalid_timestamp',
    );
    expect(await code(verifyWebhook(BODY, headers, 'whsec_***not base64***', { now: NOW }))).toBe(
      'invalid_secret',
    );
    expect(await code(verifyWebhook(BODY, headers, '', { now: NOW }))).toBe('invalid_secret');
    const text = 'not json';
    const signed = await signWebhook(text, SECRET, { timestamp: NOW });
    expect(await code(verifyWebhook(text, signed, SECRET, { now: NOW }))).toBe('invalid_json');
  });
});

describe('isRealtimeCallIncoming', () => {
  it('narrows a verified realtime.call.incoming event and rejects other or malformed events', async () => {
    const verified = await verifyWebhook(BODY, await signWebhook(BODY, SECRET), SECRET);
    expect(isRealtimeCallIncoming(verified)).toBe(true);
    if (isRealtimeCallIncoming(verified)) expect(verified.data.call_id).toBe(event.data.call_id);
    expect(isRealtimeCallIncoming({ ...event, type: 'live.call.incoming' })).toBe(false);
    expect(isRealtimeCallIncoming({ ...event, data: { sip_headers: [] } })).toBe(false);
    expect(isRealtimeCallIncoming({ ...event, data: { call_id: 'rtc_1' } })).toBe(false);
    expect(isRealtimeCallIncoming(null)).toBe(false);
  });
});
