/** HTTP endpoints and WebSocket handshakes over real sockets on 127.0.0.1. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { TestClient } from '../test-support.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
const body = (r: Response): Promise<any> => r.json();

let emu: Emulator;
const hooks: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
let hookUrl = '';
const hookServer = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    hooks.push({ headers: req.headers, body });
    res.writeHead(200).end();
  });
});
const SECRET = `whsec_${Buffer.from('emulator-test-secret').toString('base64')}`;

beforeAll(async () => {
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
  emu = await startEmulator({
    synthesizer: { engine: 'formant' },
    webhookUrl: hookUrl,
    webhookSecret: SECRET,
  });
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => hookServer.close(r));
});
afterEach(() => {
  vi.useRealTimers();
});

const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: 'Bearer sk-test' },
) =>
  fetch(`${emu.baseUrl.replace(/\/v1$/, '')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('client secrets', () => {
  it('mints ek_ + 32 hex with expires_at and the effective session', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await post('/v1/realtime/client_secrets', {
      expires_after: { anchor: 'created_at', seconds: 120 },
      session: {
        type: 'realtime',
        model: 'gpt-realtime',
        instructions: 'Be brief.',
        audio: { output: { voice: 'marin' } },
      },
    });
    expect(res.status).toBe(200);
    const json = await body(res);
    expect(json.value).toMatch(/^ek_[0-9a-f]{32}$/);
    expect(json.expires_at - before).toBeGreaterThanOrEqual(119);
    expect(json.expires_at - before).toBeLessThanOrEqual(121);
    expect(json.session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      instructions: 'Be brief.',
      expires_at: 0,
      audio: { output: { voice: 'marin' } },
    });
    // The secret's session becomes the defaults of a WebSocket session started with it.
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`, json.value);
    const created = await c.waitFor('session.created');
    expect(created.session.instructions).toBe('Be brief.');
    expect(created.session.audio.output.voice).toBe('marin');
    await c.close();
  });

  it('enforces expires_after 10–7200 and validates the session', async () => {
    for (const seconds of [9, 7201, 1.5]) {
      const res = await post('/v1/realtime/client_secrets', {
        expires_after: { anchor: 'created_at', seconds },
      });
      expect(res.status).toBe(400);
      expect((await body(res)).error.param).toBe('expires_after.seconds');
    }
    const bad = await post('/v1/realtime/client_secrets', {
      session: { type: 'realtime', modalities: ['text'] },
    });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.code).toBe('unknown_parameter');
  });

  it('expired ek_ keys get the 401 envelope on the WebSocket handshake', async () => {
    const json = await body(await post('/v1/realtime/client_secrets', { expires_after: { seconds: 10 } }));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11_000);
    const err = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`, json.value).catch((e) => e);
    expect(err.status).toBe(401);
    expect(JSON.parse(err.body).error.code).toBe('invalid_api_key');
  });

  it('requires a standard key', async () => {
    expect((await post('/v1/realtime/client_secrets', {}, {})).status).toBe(401);
    const res = await post('/v1/realtime/client_secrets', {}, { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
    expect(await body(res)).toEqual({
      error: {
        message: expect.stringContaining('Incorrect API key provided: nop***'),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });
});

describe('WebSocket handshake', () => {
  it('accepts subprotocol auth and answers the realtime subprotocol', async () => {
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`, '', [
      'realtime',
      'openai-insecure-api-key.sk-browser',
      'openai-agents-sdk.v1',
    ]);
    expect(c.ws.protocol).toBe('realtime');
    await c.waitFor('session.created');
    await c.close();
  });

  it('rejects bad keys with 401 and honours a configured apiKey', async () => {
    expect((await TestClient.connect(`${emu.wsUrl}?model=m`, 'bad').catch((e) => e)).status).toBe(401);
    const strict = await startEmulator({ apiKey: 'sk-only-this', synthesizer: { engine: 'formant' } });
    expect((await TestClient.connect(`${strict.wsUrl}?model=m`, 'sk-other').catch((e) => e)).status).toBe(
      401,
    );
    const ok = await TestClient.connect(`${strict.wsUrl}?model=m`, 'sk-only-this');
    await ok.waitFor('session.created');
    await ok.close();
    await strict.close();
  });

  it('unknown call_id → 404 call_id_not_found envelope', async () => {
    const err = await TestClient.connect(`${emu.wsUrl}?call_id=rtc_00000000000000000000000000000000`).catch(
      (e) => e,
    );
    expect(err.status).toBe(404);
    expect(JSON.parse(err.body)).toEqual({
      error: {
        message: 'No session found for the provided call_id',
        type: 'invalid_request_error',
        code: 'call_id_not_found',
        param: '',
      },
    });
  });

  it('Azure-style path with the api-key header', async () => {
    const url = `${emu.wsUrl.replace('/v1/realtime', '/openai/v1/realtime')}?model=my-deployment`;
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(url, { headers: { 'api-key': 'sk-azure' } });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()));
      ws.once('error', reject);
    });
    expect(JSON.parse(first).session.model).toBe('my-deployment');
    ws.close();
  });

  it('faults 401 and 429 via query or header', async () => {
    expect(
      (await TestClient.connect(`${emu.wsUrl}?model=m&emulator_fault=expired_key`).catch((e) => e)).status,
    ).toBe(401);
    expect((await TestClient.connect(`${emu.wsUrl}?model=m&emulator_fault=429`).catch((e) => e)).status).toBe(
      429,
    );
    const res = await post(
      '/v1/realtime/client_secrets',
      {},
      { authorization: 'Bearer sk-test', 'x-emulator-fault': 'rate_limit' },
    );
    expect(res.status).toBe(429);
    expect((await body(res)).error.code).toBe('rate_limit_exceeded');
  });

  it('a once key makes a fault fire on the first request only, so a reconnect meets a clean server', async () => {
    const url = `${emu.wsUrl}?model=m&emulator_fault=429&emulator_fault_once=ws-once-1`;
    expect((await TestClient.connect(url).catch((e) => e)).status).toBe(429);
    const again = await TestClient.connect(url);
    await again.waitFor('session.created');
    again.close();
    // Another key is another first request; the header spelling works the same on HTTP.
    const other = `${emu.wsUrl}?model=m&emulator_fault=429&emulator_fault_once=ws-once-2`;
    expect((await TestClient.connect(other).catch((e) => e)).status).toBe(429);
    const headers = {
      authorization: 'Bearer sk-test',
      'x-emulator-fault': 'rate_limit',
      'x-emulator-fault-once': 'http-once-1',
    };
    expect((await post('/v1/realtime/client_secrets', {}, headers)).status).toBe(429);
    expect((await post('/v1/realtime/client_secrets', {}, headers)).status).toBe(200);
  });

  it('an after key spares the first request only, so the fault meets reconnects', async () => {
    const url = `${emu.wsUrl}?model=m&emulator_fault=500&emulator_fault_after=ws-after-1`;
    const first = await TestClient.connect(url);
    await first.waitFor('session.created');
    first.close();
    const err = await TestClient.connect(url).catch((e) => e);
    expect(err.status).toBe(500);
    expect(JSON.parse(err.body).error.type).toBe('server_error');
    expect((await TestClient.connect(url).catch((e) => e)).status).toBe(500);
    const headers = {
      authorization: 'Bearer sk-test',
      'x-emulator-fault': 'rate_limit',
      'x-emulator-fault-after': 'http-after-1',
    };
    expect((await post('/v1/realtime/client_secrets', {}, headers)).status).toBe(200);
    expect((await post('/v1/realtime/client_secrets', {}, headers)).status).toBe(429);
  });
});

describe('CORS, log and misc', () => {
  it('answers preflights echoing the requested headers and exposes Location', async () => {
    const res = await fetch(`${emu.baseUrl}/realtime/calls`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-openai-agents-sdk',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-openai-agents-sdk',
    );
    expect(res.headers.get('access-control-expose-headers')).toBe('Location');
    const foreign = await fetch(`${emu.baseUrl}/realtime/calls`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const ipv6 = await fetch(`${emu.baseUrl}/realtime/client_secrets`, {
      method: 'POST',
      headers: { origin: 'http://[::1]:3000', authorization: 'Bearer sk-t' },
      body: '{}',
    });
    expect(ipv6.headers.get('access-control-allow-origin')).toBe('http://[::1]:3000');
  });

  it('GET /emulator/log returns every event in and out of a session', async () => {
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
    const created = await c.waitFor('session.created');
    c.send({ type: 'bogus', event_id: 'x1' });
    await c.waitFor('error');
    const res = await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/emulator/log?session=${created.session.id}`);
    const log = await body(res);
    expect(
      log.events.map((e: { direction: string; event: { type: string } }) => `${e.direction}:${e.event.type}`),
    ).toEqual(['out:session.created', 'in:bogus', 'out:error']);
    expect((await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/emulator/log?session=sess_nope`)).status).toBe(
      404,
    );
    await c.close();
  });

  it('unknown routes get a 404 envelope; POST /v1/realtime/calls reaches the WebRTC endpoint or 501', async () => {
    const res = await post('/v1/nope', {});
    expect(res.status).toBe(404);
    expect((await body(res)).error.message).toContain('Invalid URL');
    const calls = await fetch(`${emu.baseUrl}/realtime/calls`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect([400, 501]).toContain(calls.status);
    expect((await body(calls)).error.message).toBeTruthy();
    const sdp500 = await fetch(`${emu.baseUrl}/realtime/calls?emulator_fault=sdp_500`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/sdp' },
      body: 'v=0',
    });
    expect([500, 501]).toContain(sdp500.status);
  });
});

describe('SIP calls and the Calls API', () => {
  it('rings a call with a signed webhook, accepts it, drives it by sideband, hangs up', async () => {
    const ring = await post('/emulator/sip/incoming', { from: 'sip:+1555@carrier.example' }, {});
    expect(ring.status).toBe(201);
    const { call_id: callId, webhook_status } = await body(ring);
    expect(callId).toMatch(/^rtc_[0-9a-f]{32}$/);
    expect(webhook_status).toBe(200);
    const hook = hooks.at(-1)!;
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({
      object: 'event',
      type: 'realtime.call.incoming',
      data: { call_id: callId },
    });
    expect(payload.data.sip_headers[0]).toEqual({ name: 'From', value: 'sip:+1555@carrier.example' });
    const id = hook.headers['webhook-id'] as string;
    const ts = hook.headers['webhook-timestamp'] as string;
    expect(id).toMatch(/^wh_[0-9a-f]{32}$/);
    const expected = createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64'))
      .update(`${id}.${ts}.${hook.body}`)
      .digest('base64');
    expect(hook.headers['webhook-signature']).toBe(`v1,${expected}`);

    // Sideband before accept: no session yet.
    expect((await TestClient.connect(`${emu.wsUrl}?call_id=${callId}`).catch((e) => e)).status).toBe(404);
    expect((await post(`/v1/realtime/calls/${callId}/accept`, { instructions: 'x' })).status).toBe(400);
    const accept = await post(`/v1/realtime/calls/${callId}/accept`, {
      type: 'realtime',
      instructions: 'You answer phones.',
    });
    expect(accept.status).toBe(200);
    expect(await accept.text()).toBe('');
    expect((await post(`/v1/realtime/calls/${callId}/accept`, { type: 'realtime' })).status).toBe(400);

    const side = await TestClient.connect(`${emu.wsUrl}?call_id=${callId}`);
    const created = await side.waitFor('session.created');
    expect(created.session.instructions).toBe('You answer phones.');
    side.send({ type: 'response.create', response: { instructions: 'Greet the caller.' } });
    expect((await side.waitFor('response.done', 8000)).response.status).toBe('completed');
    expect(side.types()).not.toContain('response.output_audio.delta'); // audio goes to the (virtual) phone line
    expect((await side.waitFor('output_audio_buffer.stopped', 8000)).type).toBe(
      'output_audio_buffer.stopped',
    );
    expect((await post(`/v1/realtime/calls/${callId}/refer`, { target_uri: 'mailto:x' })).status).toBe(400);
    expect(
      (await post(`/v1/realtime/calls/${callId}/refer`, { target_uri: 'tel:+14155550123' })).status,
    ).toBe(200);
    // The call left for the refer target: the sideband socket closes, as with the real API.
    expect(await side.closed()).toBe(1000);
    expect((await post(`/v1/realtime/calls/${callId}/refer`, { target_uri: 'tel:+1' })).status).toBe(404);
    expect((await post(`/v1/realtime/calls/${callId}/hangup`, '')).status).toBe(404);
  });

  it('reject ends a ringing call; Calls API needs a standard key', async () => {
    const { call_id: callId } = await body(await post('/emulator/sip/incoming', {}, {}));
    expect(
      (
        await post(
          `/v1/realtime/calls/${callId}/reject`,
          { status_code: 486 },
          { authorization: 'Bearer ek_00000000000000000000000000000000' },
        )
      ).status,
    ).toBe(401);
    expect((await post(`/v1/realtime/calls/${callId}/reject`, { status_code: 486 })).status).toBe(200);
    expect((await post(`/v1/realtime/calls/${callId}/accept`, { type: 'realtime' })).status).toBe(404);
    expect((await post('/v1/realtime/calls/rtc_nope/accept', { type: 'realtime' })).status).toBe(404);
  });
});
