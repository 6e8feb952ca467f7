// Connecting, authenticating, failing clearly, dropping, closing and reconnecting (Node, emulator).
import { createServer } from 'node:net';
import {
  RealtimeAgent,
  RealtimeRunner,
  type TransportConnectOptions,
  TransportError,
  type TransportHandlers,
} from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { recordingWebSocket, record } from '../test/node-helpers.js';
import { rejection } from '../test/rejection.js';
import { HandshakeError, websocketTransport } from './index.js';
import type { WebSocketTransportOptions } from './options.js';

let emu: Emulator;
let strict: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  strict = await startEmulator({ port: 0, apiKey: 'sk-right-key' });
});
afterAll(async () => {
  await emu?.close();
  await strict?.close();
});
afterEach(() => vi.unstubAllEnvs());

const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });

function handlers(): TransportHandlers & { messages: Array<Record<string, unknown>>; states: string[] } {
  const messages: Array<Record<string, unknown>> = [];
  const states: string[] = [];
  return {
    messages,
    states,
    message: (m) => messages.push(m as Record<string, unknown>),
    audio: () => undefined,
    state: (s, e) => states.push(e ? `${s}: ${e.message}` : s),
  };
}

const connectOptions = (over: Partial<TransportConnectOptions> = {}): TransportConnectOptions => ({
  session: { type: 'realtime', instructions: 'x' },
  model: 'gpt-realtime',
  ...over,
});

async function turn(transportOptions: WebSocketTransportOptions, runnerOptions = {}) {
  const transport = websocketTransport(transportOptions);
  const session = await new RealtimeRunner({ transport, ...runnerOptions }).session(agent);
  const rec = record(session);
  await session.sendText('Ping');
  const end = await rec.waitFor('agent_end');
  session.close();
  return { end, transport };
}

describe('authentication (Node: headers)', () => {
  it('Authorization: Bearer with the right key connects; a wrong key is a HandshakeError 401 with the server message and no key', async () => {
    const wire = recordingWebSocket();
    const { end } = await turn(
      { WebSocket: wire.WebSocket, apiKey: 'sk-right-key' },
      { baseUrl: strict.baseUrl },
    );
    expect(end.output).toContain('Ping');
    expect(wire.handshakes[0]!.headers).toEqual({ Authorization: 'Bearer sk-right-key' });
    expect(wire.handshakes[0]!.protocols).toEqual(['realtime']);

    const transport = websocketTransport({ apiKey: 'sk-wrong-key-123' });
    const err = await rejection(new RealtimeRunner({ transport, baseUrl: strict.baseUrl }).session(agent));
    expect(err).toBeInstanceOf(HandshakeError);
    expect(err.code).toBe('unauthorized');
    expect((err as HandshakeError).status).toBe(401);
    expect(err.message).toMatch(/HTTP 401/);
    expect(err.message).toContain('/v1/realtime?model=gpt-realtime');
    expect((err as HandshakeError).serverMessage).toMatch(/Incorrect API key/i);
    expect(err.message).not.toContain('sk-wrong-key-123');
    expect(transport.phase).toBe('closed');
  });

  it('the runner apiKey is used, then OPENAI_API_KEY', async () => {
    const wire = recordingWebSocket();
    await turn({ WebSocket: wire.WebSocket }, { baseUrl: strict.baseUrl, apiKey: 'sk-right-key' });
    vi.stubEnv('OPENAI_API_KEY', 'sk-right-key');
    await turn({ WebSocket: wire.WebSocket }, { baseUrl: strict.baseUrl });
    expect(wire.handshakes.map((h) => h.headers.Authorization)).toEqual([
      'Bearer sk-right-key',
      'Bearer sk-right-key',
    ]);
  });

  it('a client-secret function: an ek_ minted by POST /v1/realtime/client_secrets works as Bearer', async () => {
    let calls = 0;
    const clientSecret = async () => {
      calls++;
      const res = await fetch(`${emu.baseUrl}/realtime/client_secrets`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
        body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
      });
      return ((await res.json()) as { value: string }).value;
    };
    const wire = recordingWebSocket();
    const { end } = await turn({ WebSocket: wire.WebSocket, clientSecret }, { baseUrl: emu.baseUrl });
    expect(end.status).toBe('completed');
    expect(calls).toBe(1);
    expect(wire.handshakes[0]!.headers.Authorization).toMatch(/^Bearer ek_[0-9a-f]{32}$/);
  });

  it('Azure GA URL (/openai/v1/realtime?model=<deployment>) with an api-key header and no Authorization', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-some-other-key'); // must not be sent: Authorization would win on the server
    const wire = recordingWebSocket();
    const base = strict.baseUrl
      .replace(/^http/, 'ws')
      .replace(/\/v1$/, '/openai/v1/realtime?model=my-deployment');
    const { end, transport } = await turn(
      { WebSocket: wire.WebSocket },
      { baseUrl: base, extraHeaders: { 'api-key': 'sk-right-key' } },
    );
    expect(end.status).toBe('completed');
    expect(transport.url).toBe(base);
    expect(wire.handshakes[0]!.headers).toEqual({ 'api-key': 'sk-right-key' });
  });

  it('Azure preview URL (/openai/realtime?api-version&deployment=) is kept as given', async () => {
    const base = `${strict.baseUrl.replace(/^http/, 'ws').replace(/\/v1$/, '')}/openai/realtime?api-version=2025-04-01-preview&deployment=dep1`;
    const { end, transport } = await turn({ extraHeaders: { 'api-key': 'sk-right-key' } }, { baseUrl: base });
    expect(end.status).toBe('completed');
    expect(transport.url).toBe(base);
  });
});

describe('failing clearly', () => {
  it('HTTP 429 on the handshake → HandshakeError with status and message', async () => {
    const transport = websocketTransport({ apiKey: 'sk-test' });
    const base = `${emu.baseUrl.replace(/^http/, 'ws')}/realtime?emulator_fault=429`;
    const err = await rejection(transport.connect(connectOptions({ baseUrl: base }), handlers()));
    expect((err as HandshakeError).status).toBe(429);
    expect(err.code).toBe('handshake_failed');
    expect(err.message).toMatch(/HTTP 429/);
  });

  it('nothing listening → a handshake error naming the URL', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    const transport = websocketTransport({ apiKey: 'sk-test' });
    const err = await rejection(
      transport.connect(connectOptions({ baseUrl: `http://127.0.0.1:${port}/v1` }), handlers()),
    );
    expect(err.message).toContain(`ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`);
    expect(err.message).toMatch(/closed before opening|unreachable/);
  });

  it('a server that never answers session.update → connect_timeout naming the URL and session.updated', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'realtime' });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    const received: string[] = [];
    wss.on('connection', (ws) => ws.on('message', (d) => received.push(String(d))));
    try {
      const transport = websocketTransport({ apiKey: 'sk-test', connectTimeoutMs: 300 });
      const h = handlers();
      const t0 = performance.now();
      const err = await rejection(
        transport.connect(connectOptions({ baseUrl: `http://127.0.0.1:${port}/v1` }), h),
      );
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(err.code).toBe('connect_timeout');
      expect(err.message).toContain('300 ms');
      expect(err.message).toContain('session.updated');
      expect(err.message).toContain(`ws://127.0.0.1:${port}/v1/realtime`);
      expect(JSON.parse(received[0]!)).toMatchObject({
        type: 'session.update',
        session: { instructions: 'x' },
      });
      expect(transport.phase).toBe('closed');
      expect(() => transport.send({ type: 'response.create' })).toThrow(/closed/);
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    }
  });

  it('an error event answering the session.update rejects connect with the server message', async () => {
    const transport = websocketTransport({ apiKey: 'sk-test' });
    const bad = { type: 'realtime', modalities: ['text'] } as unknown as TransportConnectOptions['session'];
    const err = await rejection(
      transport.connect(connectOptions({ baseUrl: emu.baseUrl, session: bad }), handlers()),
    );
    expect(err.code).toBe('session_rejected');
    expect(err.message).toContain("Unknown parameter: 'session.modalities'");
  });

  it('a socket dropped mid-response, reconnect: false → disconnected with an error, then closed; send() throws code closed', async () => {
    const base = `${emu.baseUrl.replace(/^http/, 'ws')}/realtime?emulator_fault=close_mid_response`;
    const transport = websocketTransport({ apiKey: 'sk-test' });
    const session = await new RealtimeRunner({ transport, baseUrl: base, reconnect: false }).session(agent);
    const rec = record(session);
    await session.sendText('Tell me something long please.');
    const lost = await rec.waitFor('connection', (e) => e.state === 'disconnected');
    expect(lost.error).toBeInstanceOf(TransportError);
    expect(lost.error!.message).toMatch(/closed unexpectedly \(code \d+/);
    await rec.waitFor('connection', (e) => e.state === 'closed');
    expect(session.closed).toBe(true);
    expect(transport.phase).toBe('closed');
    let err: unknown;
    try {
      transport.send({ type: 'response.create' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('closed');
  });
});

describe('server-side close', () => {
  it('session expiry, reconnect: false: the session_expired error is reported, then disconnected (code 1001 + reason) and closed', async () => {
    const short = await startEmulator({ port: 0, sessionMaxMs: 400 });
    try {
      const transport = websocketTransport({ apiKey: 'sk-test' });
      const session = await new RealtimeRunner({
        transport,
        baseUrl: short.baseUrl,
        reconnect: false,
      }).session(agent);
      const rec = record(session);
      const lost = await rec.waitFor('connection', (e) => e.state === 'disconnected', 3000);
      expect(lost.error!.message).toMatch(/code 1001: Your session hit the maximum duration/);
      expect((lost.error as TransportError).code).toBe('connection_lost');
      expect(rec.errors().some((m) => /maximum duration/.test(m))).toBe(true);
      await rec.waitFor('connection', (e) => e.state === 'closed');
      expect(transport.phase).toBe('closed');
    } finally {
      await short.close();
    }
  });

  it('session expiry (reconnect by default): a warning, a new socket re-seeded with the conversation, and it answers', async () => {
    const short = await startEmulator({ port: 0, sessionMaxMs: 3000 });
    try {
      const wire = recordingWebSocket();
      const transport = websocketTransport({ apiKey: 'sk-test', WebSocket: wire.WebSocket });
      const session = await new RealtimeRunner({ transport, baseUrl: short.baseUrl }).session(agent);
      const rec = record(session);
      await session.sendText('My name is Ada.');
      await rec.waitFor('agent_end');
      await rec.waitFor('connection', (e) => e.state === 'connected' && e.resumed === true, 5000);
      expect(
        rec.of('warning').some((w) => /maximum duration|session limit|expired/i.test(w.warning.message)),
      ).toBe(true);
      expect(rec.of('connection').some((e) => e.state === 'closed')).toBe(false);
      expect(wire.handshakes).toHaveLength(2);
      // the user item went out twice in all: sent on the first socket, re-seeded once on the second,
      // followed there by the assistant's answer
      const items = wire
        .sent()
        .filter((m) => m.type === 'conversation.item.create')
        .map((m) => m.item as { role: string; content: Array<{ text: string }> });
      expect(items.map((i) => [i.role, i.content[0]!.text])).toEqual([
        ['user', 'My name is Ada.'],
        ['user', 'My name is Ada.'],
        ['assistant', 'You said: "My name is Ada.".'],
      ]);
      await session.sendText('Again');
      await rec.waitFor('agent_end', (e) => String(e.output).includes('Again'), 10_000);
      session.close();
    } finally {
      await short.close();
    }
  });
});

describe('a dropped connection (POST /emulator/sessions/{id}/drop)', () => {
  const dropUrl = (id: string) => `${emu.baseUrl.replace(/\/v1$/, '')}/emulator/sessions/${id}/drop`;
  it('mid-answer: reconnects by itself, the cut answer ends incomplete, the new server session remembers the conversation, nothing sent twice', async () => {
    const wire = recordingWebSocket();
    const transport = websocketTransport({ apiKey: 'sk-test', WebSocket: wire.WebSocket });
    const before = new Set(emu.sessions.keys());
    const session = await new RealtimeRunner({ transport, baseUrl: emu.baseUrl }).session(agent);
    const rec = record(session);
    const id = [...emu.sessions.keys()].find((k) => !before.has(k))!;
    await session.sendText('Tell me something long please, with many words in it.');
    await rec.waitFor('transcript', (e) => e.role === 'assistant' && !e.final);
    const res = await fetch(dropUrl(id), {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    await rec.waitFor('connection', (e) => e.state === 'connected' && e.resumed === true);
    const states = rec.of('connection').map((e) => e.state);
    expect(states).toContain('reconnecting');
    expect(states).not.toContain('closed');
    const cut = await rec.waitFor('agent_end');
    expect(cut.status).toBe('incomplete');
    // the new server session knows the conversation: the re-seeded first sentence is remembered
    await session.sendText('What did I say before?');
    const memory = await rec.waitFor('agent_end', (e) => e.status !== 'incomplete');
    expect(memory.output).toBe(
      'Before that you said: "Tell me something long please, with many words in it.".',
    );
    const users = wire
      .sent()
      .filter((m) => m.type === 'conversation.item.create' && (m.item as { role: string }).role === 'user')
      .map((m) => (m.item as { content: Array<{ text: string }> }).content[0]!.text);
    // the first sentence: sent, then re-seeded once on the new socket; the second: sent once
    expect(users).toEqual([
      'Tell me something long please, with many words in it.',
      'Tell me something long please, with many words in it.',
      'What did I say before?',
    ]);
    expect(wire.sent().filter((m) => m.type === 'response.create')).toHaveLength(2);
    session.close();
  });

  it('an unknown session id is a 404 naming the live sessions', async () => {
    const res = await fetch(dropUrl('sess_nope'), {
      method: 'POST',
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /sess_nope.*live sessions/,
    );
  });
});

describe('lifecycle', () => {
  it('close() is idempotent; the same transport reconnects with a new server session', async () => {
    const transport = websocketTransport({ apiKey: 'sk-test' });
    const runner = new RealtimeRunner({ transport, baseUrl: emu.baseUrl });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const h = handlers();
      await transport.connect(connectOptions({ baseUrl: emu.baseUrl }), h);
      expect(h.states).toEqual(['connecting', 'connected']);
      ids.push((h.messages.find((m) => m.type === 'session.created')!.session as { id: string }).id);
      expect(h.messages.map((m) => m.type)).toEqual(['session.created', 'session.updated']);
      transport.close();
      transport.close();
      expect(h.states).toEqual(['connecting', 'connected', 'closed']);
      expect(() => transport.sendAudio(new Int16Array(480))).toThrow(/closed/);
    }
    expect(ids[0]).not.toBe(ids[1]);
    // and through the runner: close the session, open another on the same transport
    const s1 = await runner.session(agent);
    s1.close();
    const s2 = await runner.session(agent);
    const rec = record(s2);
    await s2.sendText('Again');
    expect((await rec.waitFor('agent_end')).output).toContain('Again');
    s2.close();
    // the server sees the close handshake and ends its sessions
    for (let i = 0; i < 50 && emu.sessions.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(emu.sessions.size).toBe(0);
  });

  it('connect() twice without close → already_connected; close() during connect rejects it', async () => {
    const transport = websocketTransport({ apiKey: 'sk-test' });
    const first = transport.connect(connectOptions({ baseUrl: emu.baseUrl }), handlers());
    const second = await rejection(transport.connect(connectOptions({ baseUrl: emu.baseUrl }), handlers()));
    expect(second.code).toBe('already_connected');
    transport.close();
    const err = await rejection(first);
    expect(err.code).toBe('closed');
    expect(transport.phase).toBe('closed');
  });

  it('oversized appends are split below maxEventBytes and all audio reaches the server; other big events are refused', async () => {
    const wire = recordingWebSocket();
    const transport = websocketTransport({
      WebSocket: wire.WebSocket,
      apiKey: 'sk-test',
      maxEventBytes: 4096,
    });
    const session = await new RealtimeRunner({
      transport,
      baseUrl: emu.baseUrl,
      turnDetection: null,
    }).session(agent);
    const rec = record(session);
    const pcm = Int16Array.from({ length: 24000 }, (_, i) => Math.round(8000 * Math.sin(i / 7)));
    await session.sendAudio(pcm, { commit: true });
    const appends = wire.frames.filter((f) => f.includes('input_audio_buffer.append'));
    expect(appends.length).toBeGreaterThan(10);
    for (const f of appends) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(4096);
    const bytes = Buffer.concat(appends.map((f) => Buffer.from(JSON.parse(f).audio as string, 'base64')));
    expect(bytes.equals(Buffer.from(pcm.buffer))).toBe(true);
    const committed = await rec.waitFor('raw', (e) => e.event.type === 'input_audio_buffer.committed');
    expect(committed).toBeDefined();
    let err: unknown;
    try {
      transport.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x'.repeat(5000) }] },
      });
    } catch (e) {
      err = e;
    }
    expect((err as TransportError).code).toBe('event_too_large');
    expect((err as Error).message).toMatch(/4096-byte limit/);
    session.close();
  });

  it('mute(true): the server receives silence of the same length (no speech detected)', async () => {
    const wire = recordingWebSocket();
    const transport = websocketTransport({ WebSocket: wire.WebSocket, apiKey: 'sk-test' });
    const session = await new RealtimeRunner({ transport, baseUrl: emu.baseUrl }).session(agent);
    const rec = record(session);
    session.mute(true);
    expect(transport.muted).toBe(true);
    const loud = Int16Array.from({ length: 480 }, (_, i) => (i % 2 ? 12000 : -12000));
    for (let i = 0; i < 50; i++) await session.sendAudio(loud);
    const appended = wire.sent().filter((e) => e.type === 'input_audio_buffer.append');
    expect(appended).toHaveLength(50);
    for (const a of appended) {
      const b = Buffer.from(a.audio as string, 'base64');
      expect(b.length).toBe(960);
      expect(b.every((x) => x === 0)).toBe(true);
    }
    session.mute(false);
    await session.sendAudio(loud);
    expect(Buffer.from(wire.sent().at(-1)!.audio as string, 'base64').some((x) => x !== 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(rec.of('speech_started')).toHaveLength(0);
    session.close();
  });
});
