/** The SIP recipe end to end over real sockets: signed webhook → verify → accept → attach URL. */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsClient } from './calls-client.js';
import { WebhookVerificationError } from './errors.js';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.test-helper.js';
import { toNodeHandler } from './node-handler.js';
import { sipSessionUrl } from './sip-session-url.js';
import { isRealtimeCallIncoming } from './webhook-event.js';
import { verifyWebhook } from './webhook-signature.js';

const KEY = 'sk-sip-flow-123';
const SECRET_BYTES = Buffer.from('sip-flow-webhook-secret');
const SECRET = `whsec_${SECRET_BYTES.toString('base64')}`;
let upstream: FakeUpstream;
let server: Server;
let webhookUrl: string;
const attached: string[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const calls = callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl });
  const onWebhook = async (request: Request): Promise<Response> => {
    const body = await request.text();
    let event: Awaited<ReturnType<typeof verifyWebhook>>;
    try {
      event = await verifyWebhook(body, request.headers, SECRET);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return new Response(error.code, { status: 400 });
      throw error;
    }
    if (isRealtimeCallIncoming(event)) {
      await calls.accept(event.data.call_id, {
        type: 'realtime',
        model: 'gpt-realtime',
        instructions: 'Phone agent.',
      });
      attached.push(sipSessionUrl(event.data.call_id, { apiKey: KEY, baseUrl: upstream.baseUrl }).url);
    }
    return new Response(null, { status: 200 });
  };
  server = createServer(toNodeHandler(onWebhook));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/webhook`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await upstream.close();
});

/** Sends the webhook the way OpenAI does, signed with node:crypto (independent of signWebhook). */
function deliver(body: string, sign: (content: string) => string = (c) => hmac(c, SECRET_BYTES)) {
  const id = 'wh_0f1e2d3c4b5a69788796a5b4c3d2e1f0';
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${sign(`${id}.${timestamp}.${body}`)}`,
    },
    body,
  });
}

function hmac(content: string, key: Buffer): string {
  return createHmac('sha256', key).update(content).digest('base64');
}

const incoming = (callId: string) =>
  JSON.stringify({
    object: 'event',
    id: 'evt_1',
    type: 'realtime.call.incoming',
    created_at: Math.floor(Date.now() / 1000),
    data: { call_id: callId, sip_headers: [{ name: 'From', value: 'sip:+15555550100@carrier.example' }] },
  });

describe('SIP webhook flow', () => {
  it('verifies a signed realtime.call.incoming, accepts the call and derives the attach URL', async () => {
    const response = await deliver(incoming('rtc_flow_1'));
    expect(response.status).toBe(200);
    const accept = upstream.requests.find((r) => r.path.endsWith('/accept'));
    expect(accept?.path).toBe('/v1/realtime/calls/rtc_flow_1/accept');
    expect(JSON.parse(accept?.body ?? '')).toMatchObject({ type: 'realtime', instructions: 'Phone agent.' });
    expect(attached).toEqual([`${upstream.baseUrl.replace(/^http/, 'ws')}/realtime?call_id=rtc_flow_1`]);
  });

  it('refuses a webhook signed with another secret and does not touch the call', async () => {
    const before = upstream.requests.length;
    const response = await deliver(incoming('rtc_flow_2'), (c) => hmac(c, Buffer.from('wrong secret')));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('invalid_signature');
    expect(upstream.requests.length).toBe(before);
  });
});
