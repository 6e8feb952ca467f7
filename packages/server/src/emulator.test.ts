/**
 * Integration with the real emulator (@realtime-agents/emulator): client secrets through the handler,
 * Azure-style paths, and the full SIP flow — the emulator signs the webhook with its own code, we
 * verify it, drive the Calls API and attach to the call over a raw WebSocket handshake.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsClient } from './calls-client.js';
import { clientSecretHandler } from './client-secret-handler.js';
import { createClientSecret } from './client-secret.js';
import { OpenAIApiError } from './errors.js';
import { toNodeHandler } from './node-handler.js';
import { sipSessionUrl } from './sip-session-url.js';
import { isRealtimeCallIncoming, type RealtimeCallIncomingEvent } from './webhook-event.js';
import { verifyWebhook } from './webhook-signature.js';

const KEY = 'sk-fake-emulator-key';
const WEBHOOK_SECRET = `whsec_${Buffer.from('emulator integration webhook secret').toString('base64')}`;
const APP = 'http://localhost:5173';
let emu: Emulator;
let webhookServer: Server;
const received: RealtimeCallIncomingEvent[] = [];
const refused: string[] = [];

beforeAll(async () => {
  webhookServer = createServer(
    toNodeHandler(async (request) => {
      try {
        const event = await verifyWebhook(await request.text(), request.headers, WEBHOOK_SECRET);
        if (isRealtimeCallIncoming(event)) received.push(event);
        return new Response(null, { status: 200 });
      } catch (error) {
        refused.push(String(error));
        return new Response(null, { status: 400 });
      }
    }),
  );
  await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/webhook`;
  emu = await startEmulator({ port: 0, apiKey: KEY, webhookUrl, webhookSecret: WEBHOOK_SECRET });
});

afterAll(async () => {
  await emu?.close();
  webhookServer.closeAllConnections();
  await new Promise<void>((resolve) => webhookServer.close(() => resolve()));
});

const origin = () => emu.baseUrl.replace(/\/v1$/, '');

async function ring(): Promise<string> {
  const response = await fetch(`${origin()}/emulator/sip/incoming`, { method: 'POST', body: '{}' });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { call_id: string; webhook_status: number };
  expect(body.webhook_status).toBe(200);
  return body.call_id;
}

/** Opens a WebSocket by hand (Node 20 has no global WebSocket) and returns the first text frame. */
function firstFrame(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url.replace(/^ws/, 'http'), {
      headers: {
        ...headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('upgrade', (_res, socket, head) => {
      let buf = head;
      const tryParse = () => {
        if (buf.length < 2) return;
        let len = buf[1]! & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          offset = 10;
        }
        if (buf.length < offset + len) return;
        socket.destroy();
        resolve({ status: 101, text: buf.subarray(offset, offset + len).toString('utf8') });
      };
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        tryParse();
      });
      tryParse();
    });
    req.end();
  });
}

describe('against the emulator', () => {
  it('clientSecretHandler mints a working ek_ key for the locked session', async () => {
    const handler = clientSecretHandler({
      apiKey: KEY,
      baseUrl: emu.baseUrl,
      session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Locked by the server.' },
      allowedOrigins: [APP],
      expiresAfter: 120,
    });
    const response = await handler(
      new Request('http://localhost:3000/session', {
        method: 'POST',
        headers: { origin: APP, 'content-type': 'application/json' },
        body: JSON.stringify({ session: { type: 'realtime', instructions: 'Browser override' } }),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      value: string;
      expires_at: number;
      session: Record<string, unknown>;
    };
    expect(body.value).toMatch(/^ek_[0-9a-f]{32}$/);
    expect(Math.abs(body.expires_at - (Date.now() / 1000 + 120))).toBeLessThan(5);
    expect(body.session).toMatchObject({ object: 'realtime.session', instructions: 'Locked by the server.' });

    // The minted key opens a realtime WebSocket session with the locked instructions.
    const ws = await firstFrame(`${emu.wsUrl}?model=gpt-realtime`, { Authorization: `Bearer ${body.value}` });
    expect(ws.status).toBe(101);
    expect(JSON.parse(ws.text)).toMatchObject({
      type: 'session.created',
      session: { instructions: 'Locked by the server.' },
    });
  });

  it('passes the emulator 401 for a wrong key through without leaking the key', async () => {
    const wrong = 'sk-fake-wrong-key';
    const handler = clientSecretHandler({
      apiKey: wrong,
      baseUrl: emu.baseUrl,
      session: { type: 'realtime' },
      allowedOrigins: [APP],
    });
    const response = await handler(
      new Request('http://localhost:3000/session', { method: 'POST', headers: { origin: APP } }),
    );
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text).toContain('"error"');
    expect(text).not.toContain(wrong);
  });

  it('works with Azure-style /openai/v1 paths and the api-key header', async () => {
    const secret = await createClientSecret({
      apiKey: undefined,
      baseUrl: `${origin()}/openai/v1`,
      extraHeaders: { 'api-key': KEY },
      session: { type: 'realtime', model: 'my-realtime-deployment' },
    });
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.session).toMatchObject({ model: 'my-realtime-deployment' });
  });

  it('SIP: verified webhook → accept → attach by call_id → refer; the call has then left (hangup 404)', async () => {
    const callId = await ring();
    expect(refused).toEqual([]);
    expect(received.at(-1)?.data.call_id).toBe(callId);
    expect(received.at(-1)?.data.sip_headers.map((h) => h.name)).toContain('From');

    const calls = callsClient({ apiKey: KEY, baseUrl: emu.baseUrl });
    await calls.accept(callId, {
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You answer the phone.',
    });

    const { url, headers } = sipSessionUrl(callId, { apiKey: KEY, baseUrl: emu.baseUrl });
    expect(url).toBe(`${emu.wsUrl}?call_id=${callId}`);
    const attached = await firstFrame(url, headers);
    expect(attached.status).toBe(101);
    expect(JSON.parse(attached.text)).toMatchObject({
      type: 'session.created',
      session: { instructions: 'You answer the phone.' },
    });

    await calls.refer(callId, 'tel:+14155550123');
    // transferred: the call left this project, as with the real API
    const gone = (await calls.hangup(callId).catch((e: unknown) => e)) as OpenAIApiError;
    expect(gone).toBeInstanceOf(OpenAIApiError);
    expect(gone.status).toBe(404);
    expect(gone.code).toBe('call_not_found');
    expect(gone.message).toContain(callId);
  });

  it('SIP: reject with a status code; the call is then gone', async () => {
    const callId = await ring();
    const calls = callsClient({ apiKey: KEY, baseUrl: emu.baseUrl });
    await calls.reject(callId, { statusCode: 486 });
    const error = (await calls
      .accept(callId, { type: 'realtime' })
      .catch((e: unknown) => e)) as OpenAIApiError;
    expect(error).toBeInstanceOf(OpenAIApiError);
    expect(error.code).toBe('call_not_found');
    const attach = await firstFrame(sipSessionUrl(callId, { apiKey: KEY, baseUrl: emu.baseUrl }).url, {
      Authorization: `Bearer ${KEY}`,
    });
    expect(attach.status).toBe(404);
  });

  it('the Calls API refuses an ephemeral key with a hint', async () => {
    const { value } = await createClientSecret({
      apiKey: KEY,
      baseUrl: emu.baseUrl,
      session: { type: 'realtime' },
    });
    const callId = await ring();
    const error = (await callsClient({ apiKey: value, baseUrl: emu.baseUrl })
      .accept(callId, { type: 'realtime' })
      .catch((e: unknown) => e)) as OpenAIApiError;
    expect(error).toBeInstanceOf(OpenAIApiError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/standard API key/);
    await callsClient({ apiKey: KEY, baseUrl: emu.baseUrl }).hangup(callId);
  });
});
