/** sipWebhookHandler against the emulator's Calls API: webhook vectors, decisions, failures as events. */
import { createHmac } from 'node:crypto';
import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sipTransport } from '@realtime-agents/websocket';
import { callsClient } from './calls-client.js';
import { OpenAIRealtimeSIPModel } from './index.js';
import { startFakeUpstream } from './fake-upstream.test-helper.js';
import { type CallDecision, type SipCallEvent, sipWebhookHandler } from './sip-webhook-handler.js';

const KEY = 'sk-sip-handler';
const NEW_SECRET = Buffer.from('the-new-webhook-secret');
const OLD_SECRET = Buffer.from('the-old-webhook-secret');
const whsec = (b: Buffer) => `whsec_${b.toString('base64')}`;
let emu: Emulator;
let root: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  root = emu.baseUrl.replace(/\/v1$/, '');
});
afterAll(async () => {
  await emu?.close();
});

async function ring(): Promise<string> {
  const res = await fetch(`${root}/emulator/sip/incoming`, { method: 'POST', body: '{}' });
  return ((await res.json()) as { call_id: string }).call_id;
}

let counter = 0;
/** A webhook request signed with node:crypto, independent of the code under test. */
function webhook(
  callId: string,
  opts: { keys?: Buffer[]; id?: string; skewSec?: number; tamper?: boolean; drop?: string } = {},
): Request {
  const body = JSON.stringify({
    object: 'event',
    id: `evt_${++counter}`,
    type: 'realtime.call.incoming',
    created_at: Math.floor(Date.now() / 1000),
    data: {
      call_id: callId,
      sip_headers: [
        { name: 'From', value: '"Ada" <sip:+15555550100@carrier.example>' },
        { name: 'To', value: 'sip:+15555550199@sip.example' },
      ],
    },
  });
  const id = opts.id ?? `wh_vector_${counter}`;
  // the timestamp is taken when the request is built, so the skew is exact whenever the test runs
  const ts = String(Math.floor(Date.now() / 1000) + (opts.skewSec ?? 0));
  const signatures = (opts.keys ?? [NEW_SECRET]).map(
    (k) => `v1,${createHmac('sha256', k).update(`${id}.${ts}.${body}`).digest('base64')}`,
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': signatures.join(' '),
  };
  if (opts.drop) delete headers[opts.drop];
  return new Request('http://127.0.0.1/openai/webhook', {
    method: 'POST',
    headers,
    body: opts.tamper ? body.replace('Ada', 'Eve') : body,
  });
}

function handlerWith(
  decide: (from: string | undefined) => CallDecision,
  secret: string | string[] = whsec(NEW_SECRET),
) {
  const events: SipCallEvent[] = [];
  const handler = sipWebhookHandler({
    secret,
    runner: new RealtimeRunner({ apiKey: KEY, baseUrl: emu.baseUrl, reconnect: false }),
    onIncomingCall: (call) => decide(call.from),
    onEvent: (e) => events.push(e),
  });
  return { handler, events };
}

const reject: CallDecision = { action: 'reject', statusCode: 486 };

describe('sipWebhookHandler: webhook vectors', () => {
  it('a valid webhook is carried out: the From header reaches onIncomingCall and the call is rejected with 486', async () => {
    const froms: Array<string | undefined> = [];
    const { handler, events } = handlerWith((from) => {
      froms.push(from);
      return reject;
    });
    const callId = await ring();
    const res = await handler(webhook(callId));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, call_id: callId, action: 'reject' });
    expect(froms).toEqual(['"Ada" <sip:+15555550100@carrier.example>']);
    expect(events).toEqual([{ type: 'rejected', callId, statusCode: 486 }]);
    // the emulator forgot the rejected call: a second reject is a 404
    const again = await fetch(`${emu.baseUrl}/realtime/calls/${callId}/reject`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}` },
      body: '{}',
    });
    expect(again.status).toBe(404);
  });

  it.each([
    { name: 'a tampered body', opts: { tamper: true }, code: 'invalid_signature' },
    { name: 'a wrong secret', opts: { keys: [Buffer.from('someone else')] }, code: 'invalid_signature' },
    { name: 'a stale timestamp (301 s old)', opts: { skewSec: -301 }, code: 'stale_timestamp' },
    { name: 'a future timestamp (301 s ahead)', opts: { skewSec: 301 }, code: 'stale_timestamp' },
    { name: 'no webhook-id', opts: { drop: 'webhook-id' }, code: 'missing_header' },
    { name: 'no webhook-timestamp', opts: { drop: 'webhook-timestamp' }, code: 'missing_header' },
    { name: 'no webhook-signature', opts: { drop: 'webhook-signature' }, code: 'missing_header' },
  ])('$name is a 400 with code $code; the call is not touched', async ({ opts, code }) => {
    let decided = 0;
    const { handler, events } = handlerWith(() => {
      decided++;
      return reject;
    });
    const callId = await ring();
    const res = await handler(webhook(callId, opts));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(decided).toBe(0);
    expect(events).toMatchObject([{ type: 'error', stage: 'verify', callId: undefined }]);
    // still ringing: a valid webhook for it is carried out afterwards
    expect((await handler(webhook(callId))).status).toBe(200);
  });

  it('within the tolerance (299 s either way) a webhook is accepted', async () => {
    const { handler } = handlerWith(() => reject);
    for (const skew of [-299, 299]) {
      const res = await handler(webhook(await ring(), { skewSec: skew }));
      expect(res.status).toBe(200);
    }
  });

  it('two signatures, one from a rotated-out secret: verified while both secrets are configured, and with the new one alone', async () => {
    for (const secret of [[whsec(NEW_SECRET), whsec(OLD_SECRET)], whsec(NEW_SECRET)]) {
      const { handler } = handlerWith(() => reject, secret);
      const res = await handler(webhook(await ring(), { keys: [Buffer.from('rotated out'), NEW_SECRET] }));
      expect(res.status).toBe(200);
    }
    // a webhook signed only with the old secret passes while it is still configured
    const { handler } = handlerWith(() => reject, [whsec(NEW_SECRET), whsec(OLD_SECRET)]);
    expect((await handler(webhook(await ring(), { keys: [OLD_SECRET] }))).status).toBe(200);
  });

  it('a duplicate webhook id is answered 200 and carried out once', async () => {
    let decided = 0;
    const { handler, events } = handlerWith(() => {
      decided++;
      return reject;
    });
    const callId = await ring();
    expect((await handler(webhook(callId, { id: 'wh_dup_1' }))).status).toBe(200);
    const second = await handler(webhook(callId, { id: 'wh_dup_1' }));
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ ok: true, duplicate: true });
    expect(decided).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['rejected', 'duplicate']);
  });
});

describe('sipWebhookHandler: decisions and failures', () => {
  it('refer transfers the ringing call', async () => {
    const { handler, events } = handlerWith(() => ({ action: 'refer', targetUri: 'tel:+14155550123' }));
    const callId = await ring();
    expect((await handler(webhook(callId))).status).toBe(200);
    expect(events).toEqual([{ type: 'referred', callId, targetUri: 'tel:+14155550123' }]);
  });

  it('accept after the caller left: the 404 is a 502 answer and an error event, not a rejection', async () => {
    const agent = new RealtimeAgent({ name: 'Phone', instructions: 'Answer.' });
    const { handler, events } = handlerWith(() => ({ action: 'accept', agent }));
    const callId = await ring();
    await fetch(`${emu.baseUrl}/realtime/calls/${callId}/hangup`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}` },
    });
    const res = await handler(webhook(callId));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /accept of rtc_.* \(404\)/,
    );
    expect(events).toHaveLength(1);
    const e = events[0] as Extract<SipCallEvent, { type: 'error' }>;
    expect(e).toMatchObject({ type: 'error', callId, stage: 'accept' });
    expect((e.error as Error & { status: number }).status).toBe(404);
  });

  it('a throwing onIncomingCall or a bad decision is a 500 and an event; the id is released so a retry is handled', async () => {
    let calls = 0;
    const { handler, events } = handlerWith(() => {
      calls++;
      if (calls === 1) throw new Error('database down');
      if (calls === 2) return { action: 'answer' } as unknown as CallDecision;
      return reject;
    });
    const callId = await ring();
    const first = await handler(webhook(callId, { id: 'wh_retry' }));
    expect(first.status).toBe(500);
    expect(await first.text()).toMatch(/database down/);
    const second = await handler(webhook(callId, { id: 'wh_retry' }));
    expect(second.status).toBe(500);
    expect(await second.text()).toMatch(/use \{ action: 'accept', agent \}/);
    expect((await handler(webhook(callId, { id: 'wh_retry' }))).status).toBe(200);
    expect(events.map((e) => (e.type === 'error' ? `error:${e.stage}` : e.type))).toEqual([
      'error:decide',
      'error:decide',
      'rejected',
    ]);
  });

  it('a 5xx from the Calls API is a 502 answer and an event; the id is released for the retry', async () => {
    const upstream = await startFakeUpstream(() => ({
      status: 503,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: { type: 'server_error', code: null, message: 'Overloaded', param: null },
      }),
    }));
    try {
      const events: SipCallEvent[] = [];
      const agent = new RealtimeAgent({ name: 'Phone', instructions: 'Answer.' });
      const handler = sipWebhookHandler({
        secret: whsec(NEW_SECRET),
        runner: new RealtimeRunner({ apiKey: KEY, baseUrl: emu.baseUrl, reconnect: false }),
        calls: callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl }),
        onIncomingCall: () => ({ action: 'accept', agent }),
        onEvent: (e) => events.push(e),
      });
      const first = await handler(webhook('rtc_overloaded', { id: 'wh_5xx' }));
      expect(first.status).toBe(502);
      expect(await first.text()).toMatch(/accept of rtc_overloaded failed \(503\).*Overloaded/);
      expect((await handler(webhook('rtc_overloaded', { id: 'wh_5xx' }))).status).toBe(502);
      expect(
        events.map((e) =>
          e.type === 'error' ? `${e.stage}:${(e.error as { status?: number }).status}` : e.type,
        ),
      ).toEqual(['accept:503', 'accept:503']);
      expect(
        upstream.requests.filter((r) => r.path === '/v1/realtime/calls/rtc_overloaded/accept'),
      ).toHaveLength(2);
    } finally {
      await upstream.close();
    }
  });

  it('a lost socket is an error event, then session_ended; nothing is thrown', async () => {
    const agent = new RealtimeAgent({ name: 'Phone', instructions: 'Answer.' });
    const { handler, events } = handlerWith(() => ({ action: 'accept', agent }));
    const callId = await ring();
    expect((await handler(webhook(callId))).status).toBe(200);
    const waitFor = async (type: SipCallEvent['type']) => {
      for (let i = 0; i < 250 && !events.some((e) => e.type === type); i++)
        await new Promise((r) => setTimeout(r, 20));
      return events.find((e) => e.type === type);
    };
    expect(await waitFor('session_started')).toEqual({ type: 'session_started', callId });
    const { session } = (await (await fetch(`${root}/emulator/log?session=${callId}`)).json()) as {
      session: string;
    };
    expect((await fetch(`${root}/emulator/sessions/${session}/drop`, { method: 'POST' })).status).toBe(200);
    expect(await waitFor('session_ended')).toEqual({ type: 'session_ended', callId });
    const error = events.find((e) => e.type === 'error') as Extract<SipCallEvent, { type: 'error' }>;
    expect(error).toMatchObject({ stage: 'session', callId });
    expect((error.error as Error & { code: string }).code).toBe('connection_lost');
  });

  it("OpenAIRealtimeSIPModel (the seed's name) is sipTransport", () => {
    expect(OpenAIRealtimeSIPModel).toBe(sipTransport);
    expect(OpenAIRealtimeSIPModel({ callId: 'rtc_alias', apiKey: KEY }).serverManagedAudio).toBe(true);
  });

  it('refuses unusable options with the option named', () => {
    const onIncomingCall = () => reject;
    expect(() =>
      sipWebhookHandler({ secret: 'whsec_eA==', runner: new RealtimeRunner(), onIncomingCall }),
    ).toThrow(/reconnect: false/);
    expect(() =>
      sipWebhookHandler({ secret: [], runner: new RealtimeRunner({ reconnect: false }), onIncomingCall }),
    ).toThrow(/\{ secret \}/);
  });
});
