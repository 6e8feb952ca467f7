// runner.prepare() / transport.prepare() with the WebSocket transport (Node, emulator): the socket is
// opened and the config confirmed before the click, connect adopts it.
import {
  RealtimeAgent,
  RealtimeRunner,
  RealtimeSession,
  type TransportConnectOptions,
  type TransportError,
  type TransportHandlers,
} from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { record, recordingWebSocket, sleep } from '../test/node-helpers.js';
import { rejection } from '../test/rejection.js';
import { type WebSocketTransport, websocketTransport } from './index.js';
import type { WebSocketTransportOptions } from './options.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });

/** A transport whose sockets are recorded (handshakes = sockets opened, frames = what was sent). */
function spied(extra: WebSocketTransportOptions = {}) {
  const wire = recordingWebSocket();
  const transport = websocketTransport({ apiKey: 'sk-test', WebSocket: wire.WebSocket, ...extra });
  cleanups.push(() => transport.close());
  return { transport, wire };
}

const runnerFor = (transport: WebSocketTransport, over: Record<string, unknown> = {}) =>
  new RealtimeRunner({ transport, baseUrl: emu.baseUrl, turnDetection: null, ...over });

/** Server sessions the emulator has seen so far (one per WebSocket, closed ones included). */
async function emulatorSessions(): Promise<string[]> {
  const res = await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/emulator/log`);
  return ((await res.json()) as { sessions: string[] }).sessions;
}

/** Live server sessions opened since `before`. */
const liveSince = (before: Set<string>) => [...emu.sessions.keys()].filter((k) => !before.has(k));

async function until(check: () => unknown, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function keep<T extends { close(): void }>(x: T): T {
  cleanups.push(() => x.close());
  return x;
}

/** A session with its recorder attached before connecting (so the handshake's events are seen). */
async function connected(runner: RealtimeRunner, a = agent) {
  const session = keep(
    new RealtimeSession({ options: runner.options, agent: a, transport: runner.options.transport! }),
  );
  const rec = record(session);
  await session.connect();
  return { session, rec };
}

const sessionUpdates = (wire: ReturnType<typeof recordingWebSocket>) =>
  wire.sent().filter((e) => e.type === 'session.update');

/** A bare Realtime WebSocket server on 127.0.0.1 that the test scripts itself; closed after the test. */
async function rawServer(): Promise<{ wss: WebSocketServer; port: number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'realtime' });
  await new Promise((r) => wss.once('listening', r));
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate();
    wss.close();
  });
  return { wss, port: (wss.address() as { port: number }).port };
}

describe('prepare() with websocketTransport', () => {
  it('prepare, then connect: adopts the same socket (the emulator sees one), sends nothing before the first turn', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    const sessionsBefore = (await emulatorSessions()).length;
    const prepared = runner.prepare(agent);
    // the runner builds the config first; the socket may then be ready before a 20 ms poll looks
    await until(() => transport.preparation !== 'none', 1000, 'the preparation to start');
    expect(['preparing', 'ready']).toContain(transport.preparation);
    await prepared;
    expect(transport.preparation).toBe('ready');
    expect(transport.phase).toBe('idle');
    expect(wire.handshakes).toHaveLength(1);
    // the config went out and was confirmed before the click; no audio was sent
    expect(wire.sent().map((e) => e.type)).toEqual(['session.update']);
    expect(sessionUpdates(wire)[0]!.session).toMatchObject({ instructions: 'Be brief.' });
    const framesBeforeClick = wire.frames.length;

    const { session, rec } = await connected(runner);
    expect(transport.preparation).toBe('none');
    expect(transport.phase).toBe('open');
    expect(wire.handshakes).toHaveLength(1);
    expect(wire.frames).toHaveLength(framesBeforeClick);
    expect((await emulatorSessions()).length).toBe(sessionsBefore + 1);
    // what arrived while prepared reached the session, in order
    expect(
      rec
        .of('raw')
        .map((e) => e.event.type)
        .slice(0, 2),
    ).toEqual(['session.created', 'session.updated']);
    expect(rec.of('connection').map((e) => e.state)).toEqual(['connecting', 'connected']);

    await session.sendText('Hello there');
    const end = await rec.waitFor('agent_end');
    expect(end.output).toContain('Hello there');
    expect(wire.handshakes).toHaveLength(1);
    expect(sessionUpdates(wire)).toHaveLength(1);
  });

  it('server events that arrive while prepared are held and delivered in order at connect', async () => {
    const { wss, port } = await rawServer();
    wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'session.created', event_id: 'e1', session: { type: 'realtime' } }));
      ws.on('message', (d) => {
        const msg = JSON.parse(String(d)) as { type: string; session?: object };
        if (msg.type !== 'session.update') return;
        ws.send(JSON.stringify({ type: 'rate_limits.updated', event_id: 'e2', rate_limits: [] }));
        ws.send(JSON.stringify({ type: 'session.updated', event_id: 'e3', session: msg.session }));
      });
    });
    const transport = keep(websocketTransport({ apiKey: 'sk-test' }));
    const options: TransportConnectOptions = {
      session: { type: 'realtime', instructions: 'x' },
      model: 'gpt-realtime',
      baseUrl: `http://127.0.0.1:${port}/v1`,
    };
    await transport.prepare({ ...options, idleTimeoutMs: 10_000 });
    const messages: string[] = [];
    const states: string[] = [];
    const handlers: TransportHandlers = {
      message: (m) => messages.push((m as { event_id: string }).event_id),
      audio: () => undefined,
      state: (s) => states.push(s),
    };
    await transport.connect(options, handlers);
    expect(messages).toEqual(['e1', 'e2', 'e3']);
    expect(states).toEqual(['connecting', 'connected']);
    expect(wss.clients.size).toBe(1);
  });

  it('the config changed between prepare and connect: one session.update at connect, then a turn works', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    await runner.prepare(agent);
    const other = new RealtimeAgent({ name: 'B', instructions: 'Respond in Spanish' });
    const { session, rec } = await connected(runner, other);
    expect(wire.handshakes).toHaveLength(1);
    expect(sessionUpdates(wire).map((u) => (u.session as { instructions: string }).instructions)).toEqual([
      'Be brief.',
      'Respond in Spanish',
    ]);
    await session.sendText('Hello');
    expect((await rec.waitFor('agent_end')).output).toContain('Hello');
  });

  it('prepare() without an agent: the socket is opened ahead, the config goes in a session.update at connect', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    await runner.prepare();
    expect(wire.handshakes).toHaveLength(1);
    expect(wire.frames).toEqual([]);
    const { session, rec } = await connected(runner);
    expect(wire.handshakes).toHaveLength(1);
    expect(sessionUpdates(wire)).toHaveLength(1);
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
  });

  it('prepare twice is idempotent: one socket, the same promise; connect while preparing waits for it', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    const a = transport.prepare({ model: 'gpt-realtime', baseUrl: emu.baseUrl });
    const b = transport.prepare({ model: 'gpt-realtime', baseUrl: emu.baseUrl });
    expect(a).toBe(b);
    await Promise.all([a, runner.prepare(agent)]);
    expect(transport.prepare({ model: 'gpt-realtime' })).toBe(a); // ready: nothing new either
    expect(wire.handshakes).toHaveLength(1);

    const second = spied();
    const r2 = runnerFor(second.transport);
    void r2.prepare(agent);
    const { session, rec } = await connected(r2); // while still preparing
    expect(second.wire.handshakes).toHaveLength(1);
    expect(sessionUpdates(second.wire)).toHaveLength(1);
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
  });

  it('a connect waiting for the preparation is under way: phase connecting, a second connect refused', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    void runner.prepare(agent);
    // look right after the session's connect reached the transport, which then awaits the preparation
    const connect = transport.connect.bind(transport);
    let phase: string | undefined;
    let second: Promise<void> | undefined;
    transport.connect = (options, handlers) => {
      const first = connect(options, handlers);
      phase = transport.phase;
      second = connect(options, handlers);
      second.catch(() => undefined);
      return first;
    };
    const session = keep(new RealtimeSession({ options: runner.options, agent, transport }));
    await session.connect();
    expect(phase).toBe('connecting');
    await expect(second).rejects.toMatchObject({ code: 'already_connected' });
    expect(transport.phase).toBe('open');
    expect(wire.handshakes).toHaveLength(1);
  });

  it('an unused prepared socket expires after idleTimeoutMs: closed on both sides, then a normal connect works', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    const before = new Set(emu.sessions.keys());
    await runner.prepare(agent, { idleTimeoutMs: 200 });
    expect(liveSince(before)).toHaveLength(1);
    await until(() => transport.preparation === 'expired', 3000, 'the preparation to expire');
    await until(() => liveSince(before).length === 0, 3000, 'the emulator to end the prepared session');
    const { session, rec } = await connected(runner);
    expect(wire.handshakes).toHaveLength(2);
    expect(transport.preparation).toBe('none');
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
    // and prepare works again afterwards
    session.close();
    await runner.prepare(agent);
    expect(transport.preparation).toBe('ready');
    expect(wire.handshakes).toHaveLength(3);
  });

  it('a prepared socket the server closes while idle expires; the next connect opens a fresh one', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    const before = new Set(emu.sessions.keys());
    await runner.prepare(agent);
    const [id] = liveSince(before);
    const res = await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/emulator/sessions/${id}/drop`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    await until(() => transport.preparation === 'expired', 3000, 'the preparation to expire');
    const { session, rec } = await connected(runner);
    expect(wire.handshakes).toHaveLength(2);
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
  });

  it('close() releases the prepared socket (the emulator ends its session), also while preparing', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    const before = new Set(emu.sessions.keys());
    await runner.prepare(agent);
    expect(liveSince(before)).toHaveLength(1);
    transport.close();
    expect(transport.preparation).toBe('none');
    await until(() => liveSince(before).length === 0, 3000, 'the emulator to end the prepared session');

    const pending = transport.prepare({ model: 'gpt-realtime', baseUrl: emu.baseUrl });
    expect(transport.preparation).toBe('preparing');
    transport.close();
    expect((await rejection(pending)).code).toBe('closed');
    expect(transport.preparation).toBe('none');

    const { session, rec } = await connected(runner);
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
    // session.close() (through transport.close()) leaves nothing open on the server
    session.close();
    await until(() => liveSince(before).length === 0, 3000, 'every server session to end');
    expect(wire.handshakes.length).toBeGreaterThanOrEqual(2);
  });

  it('prepare while connected is refused (already_connected); a connect to another model does not adopt the socket', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    await runner.prepare(agent);
    const { session } = await connected(runnerFor(transport, { model: 'gpt-realtime-mini' }));
    // prepared for gpt-realtime: released, and a fresh socket opened for the other model
    expect(wire.handshakes.map((h) => new URL(h.url).searchParams.get('model'))).toEqual([
      'gpt-realtime',
      'gpt-realtime-mini',
    ]);
    expect(transport.url).toContain('model=gpt-realtime-mini');
    const err = await rejection(transport.prepare({ model: 'gpt-realtime' }));
    expect(err.code).toBe('already_connected');
    session.close();
  });
});

describe('a failed prepare() names the stage; the next connect reports it, the one after connects', () => {
  async function failsAt(
    transport: WebSocketTransport,
    runner: RealtimeRunner,
    stage: RegExp,
  ): Promise<TransportError> {
    const prepErr = await rejection(runner.prepare(agent));
    expect(prepErr.code).toBe('prepare_failed');
    expect(prepErr.message).toMatch(stage);
    expect(transport.preparation).toBe('failed');
    const connectErr = await rejection(runner.session(agent));
    expect(connectErr).toBe(prepErr);
    expect(transport.preparation).toBe('none');
    return prepErr;
  }

  it('the key: a clientSecret function that fails', async () => {
    let calls = 0;
    const transport = keep(
      websocketTransport({
        clientSecret: () => {
          calls++;
          if (calls === 1) return Promise.reject(new Error('session endpoint down'));
          return Promise.resolve('sk-test');
        },
      }),
    );
    const runner = runnerFor(transport);
    const err = await failsAt(
      transport,
      runner,
      /prepare\(\) failed while resolving the key: .*session endpoint down/,
    );
    expect((err.cause as TransportError).code).toBe('client_secret_failed');
    keep(await runner.session(agent));
  });

  it('the open: the handshake refused with HTTP 500', async () => {
    const { transport } = spied();
    const base = `${emu.baseUrl.replace(/^http/, 'ws')}/realtime?emulator_fault=500&emulator_fault_once=prep-500`;
    const runner = runnerFor(transport, { baseUrl: base });
    const err = await failsAt(transport, runner, /while waiting for the WebSocket handshake: .*HTTP 500/);
    expect((err.cause as TransportError).code).toBe('handshake_failed');
    keep(await runner.session(agent));
  });

  it('session.created: a server that never sends it (connect_timeout)', async () => {
    const { port } = await rawServer();
    const transport = keep(websocketTransport({ apiKey: 'sk-test', connectTimeoutMs: 300 }));
    const runner = runnerFor(transport, { baseUrl: `http://127.0.0.1:${port}/v1` });
    const err = await failsAt(
      transport,
      runner,
      /while waiting for session\.created: Timed out after 300 ms/,
    );
    expect((err.cause as TransportError).code).toBe('connect_timeout');
  });

  it('session.updated: the server rejects the config', async () => {
    const { transport, wire } = spied();
    const runner = runnerFor(transport);
    const bad = { type: 'realtime', modalities: ['text'] } as unknown as TransportConnectOptions['session'];
    const prepErr = await rejection(
      transport.prepare({ model: 'gpt-realtime', baseUrl: emu.baseUrl, session: bad }),
    );
    expect(prepErr.code).toBe('prepare_failed');
    expect(prepErr.message).toMatch(
      /while waiting for session\.updated.*: The server rejected the session configuration: .*session\.modalities/,
    );
    expect((prepErr.cause as TransportError).code).toBe('session_rejected');
    expect(wire.handshakes).toHaveLength(1);
    expect((await rejection(runner.session(agent))).code).toBe('prepare_failed');
    const { session, rec } = await connected(runner);
    expect(wire.handshakes).toHaveLength(2);
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
  });
});
