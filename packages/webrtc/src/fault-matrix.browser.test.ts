// The fault matrix (issue 11): every fault the emulator can inject, over both transports, in
// Chromium against the real emulator. Each case pins the end state documented in
// packages/core/README.md ("Faults and what the session does"): the `connection` states, the `error`
// codes, how often a tool ran and what the history holds.
import {
  exponentialBackoff,
  type HistoryFunctionCall,
  type HistoryFunctionOutput,
  type HistoryMessage,
  RealtimeAgent,
  type RealtimeRunnerOptions,
  RealtimeSession,
  type Transport,
  TransportError,
  tool,
} from '@realtime-agents/core';
import { websocketTransport } from '@realtime-agents/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseUrl, emulatorLog, mintSecret, record, runner, sleep, until } from '../test/helpers.js';
import { webrtcTransport } from './index.js';

type Kind = 'webrtc' | 'websocket';
const KINDS: Kind[] = ['webrtc', 'websocket'];

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** Short and deterministic: 100 ms, then 200 ms; gives up when a third attempt would start. */
const fastReconnect = () =>
  exponentialBackoff({ initialDelayMs: 100, maxDelayMs: 200, jitter: 0, maxAttempts: 2 });
const BAD_KEY = `ek_${'0'.repeat(32)}`;
const ANSWER_MS = 15_000;
/** ~8 s of assistant speech, streamed over ~0.8 s: long enough to cut in the middle. */
const LONG =
  'Please repeat this whole sentence slowly: the quick brown fox jumps over the lazy dog, then runs across the wide green field, past the old red barn, and into the quiet forest.';

/** `connection` states up to a drop; then two attempts that both fail (the policy's limit). */
const DROPPED = ['connecting', 'connected', 'disconnected'];
const RETRIED = ['reconnecting', 'reconnecting'];
/** The server's message in the WebRTC error of a refused connect. */
const CONNECT_MESSAGES: Record<string, string> = {
  '401': 'The provided client secret has expired',
  '429': 'Rate limit reached',
  '500': 'The server had an error',
};

let toolRuns = 0;
const slowWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    toolRuns++;
    await sleep(1500);
    return `Sunny in ${city}, 72F`;
  },
});
const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.', tools: [slowWeather] });

/** Where a fault goes: every connection, the first only (`once`) or all but the first (`after`). */
interface FaultSetup {
  fault?: string;
  key?: 'once' | 'after';
  clientSecret?: () => Promise<string>;
  connectTimeoutMs?: number;
}

/**
 * A transport whose connections meet `setup.fault`: WebRTC carries it in the SDP request's headers,
 * WebSocket (browsers cannot set handshake headers) in the URL's query.
 */
function build(kind: Kind, setup: FaultSetup = {}): { transport: Transport; options: RealtimeRunnerOptions } {
  const key = `matrix-${crypto.randomUUID()}`;
  const clientSecret = setup.clientSecret ?? (() => mintSecret());
  const { connectTimeoutMs } = setup;
  if (kind === 'webrtc') {
    const headers: Record<string, string> = {};
    if (setup.fault) headers['x-emulator-fault'] = setup.fault;
    if (setup.fault && setup.key) headers[`x-emulator-fault-${setup.key}`] = key;
    return {
      transport: webrtcTransport({ clientSecret, connectTimeoutMs }),
      options: { extraHeaders: headers },
    };
  }
  const url = new URL(`${baseUrl().replace(/^http/, 'ws')}/realtime`);
  if (setup.fault) url.searchParams.set('emulator_fault', setup.fault);
  if (setup.fault && setup.key) url.searchParams.set(`emulator_fault_${setup.key}`, key);
  return {
    transport: websocketTransport({ clientSecret, connectTimeoutMs, baseUrl: url.toString() }),
    options: {},
  };
}

/** A connected session, recorded from before connect (so the first `connection` states are seen). */
async function open(kind: Kind, setup: FaultSetup = {}) {
  const { transport, options } = build(kind, setup);
  const r = runner({ transport, turnDetection: null, reconnect: fastReconnect(), ...options });
  const session = new RealtimeSession({ options: r.options, agent, transport });
  cleanups.push(() => session.close());
  const rec = record(session);
  await session.connect();
  return { session, transport, rec, ...views(session, rec) };
}

/** What the assertions read: states, error codes, server session ids, the history as text. */
function views(session: RealtimeSession<unknown>, rec: ReturnType<typeof record>) {
  return {
    /** `connection` states in order; a resumed `connected` reads `resumed`. */
    states: () => rec.of('connection').map((c) => (c.resumed ? 'resumed' : c.state)),
    errorCodes: () => rec.of('error').map((e) => (e.error as { code?: string }).code ?? e.error.name),
    serverIds: () => rec.raw('session.created').map((e) => (e.session as { id: string }).id),
    history: () =>
      session.history.map((i) =>
        i.type === 'message'
          ? `${(i as HistoryMessage).role}: ${(i as HistoryMessage).text}`
          : i.type === 'function_call'
            ? `call ${(i as HistoryFunctionCall).name} → ${(i as HistoryFunctionCall).output}`
            : i.type === 'function_call_output'
              ? `output ${(i as HistoryFunctionOutput).output}`
              : i.type,
      ),
    uniqueIds: () => new Set(session.history.map((i) => i.itemId)).size === session.history.length,
    ends: (status?: string) => rec.of('agent_end').filter((e) => !status || e.status === status),
  };
}

/** Cut the live link as a network failure would (the emulator's drop endpoint). */
async function drop(serverId: string): Promise<void> {
  const res = await fetch(`${new URL(baseUrl()).origin}/emulator/sessions/${serverId}/drop`, {
    method: 'POST',
  });
  expect(res.status).toBe(200);
}

async function rejection(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }
  throw new Error('expected a rejection');
}

const waitFor = <T>(what: string, check: () => T | undefined | null | false, ms = ANSWER_MS) =>
  until(check, ms, what);

/** A client secret function that mints once, then returns a refused key: a reconnect meets 401. */
function expiringSecret() {
  let calls = 0;
  const fn = () => (++calls === 1 ? mintSecret() : Promise.resolve(BAD_KEY));
  return { fn, calls: () => calls };
}

/** A client secret function that counts its calls (one per connect attempt). */
function countingSecret() {
  let calls = 0;
  return {
    fn: () => {
      calls++;
      return mintSecret();
    },
    calls: () => calls,
  };
}

/** After a failed connect, the same transport connects (the once key is spent) and answers. */
async function expectUsable(transport: Transport, options: RealtimeRunnerOptions) {
  const session = await runner({ transport, turnDetection: null, ...options }).session(agent);
  cleanups.push(() => session.close());
  const rec = record(session);
  await session.sendText('Hello');
  await waitFor('an answer after the failure', () => rec.of('agent_end')[0]);
  expect(rec.of('agent_end')[0]!.output).toBe('You said: "Hello".');
}

/** `failed` carries the error the `error` event reported; the session is closed. */
function expectFailedWithTheError(s: Awaited<ReturnType<typeof open>>) {
  const failed = s.rec.of('connection').filter((c) => c.state === 'failed');
  expect(failed.map((c) => (c.error as TransportError).code)).toEqual(s.errorCodes());
  expect(s.session.closed).toBe(true);
}

describe.each(KINDS)('fault matrix: %s', (kind) => {
  describe('dropped link (POST /emulator/sessions/{id}/drop)', () => {
    it('before any answer: reconnects, resumes, then answers once', async () => {
      const s = await open(kind);
      await drop(s.serverIds()[0]!);
      await waitFor('resumed', () => s.states().includes('resumed'));
      await s.session.sendText('Hello');
      await waitFor('the answer', () => s.ends()[0]);
      expect(s.states()).toEqual([...DROPPED, 'reconnecting', 'resumed']);
      expect(s.errorCodes()).toEqual([]);
      expect(s.serverIds()).toHaveLength(2);
      expect(s.history()).toEqual(['user: Hello', 'assistant: You said: "Hello".']);
      expect(s.uniqueIds()).toBe(true);
    });

    it('during an answer: the cut answer ends incomplete, the new link remembers the conversation', async () => {
      const s = await open(kind);
      await s.session.sendText(LONG);
      await waitFor('the first assistant delta', () =>
        s.rec.of('transcript').find((t) => t.role === 'assistant' && !t.final),
      );
      await drop(s.serverIds()[0]!);
      await waitFor('resumed', () => s.states().includes('resumed'));
      expect(s.ends().map((e) => e.status)).toEqual(['incomplete']);
      await s.session.sendText('What did I say before?');
      await waitFor('the answer after resuming', () => s.ends('completed')[0]);
      expect(s.ends('completed').map((e) => e.output)).toEqual([`Before that you said: "${LONG}".`]);
      expect(s.states()).toEqual([...DROPPED, 'reconnecting', 'resumed']);
      expect(s.errorCodes()).toEqual([]);
      const cut = s.session.history[1] as HistoryMessage;
      expect(cut).toMatchObject({ role: 'assistant', status: 'incomplete' });
      expect(`You said: "${LONG}".`.startsWith(cut.text ?? '')).toBe(true);
      expect(s.history().filter((h) => h.startsWith('user:'))).toEqual([
        `user: ${LONG}`,
        'user: What did I say before?',
      ]);
      expect(s.uniqueIds()).toBe(true);
    });

    it('after an answer: nothing is cut, the conversation continues on the new link', async () => {
      const s = await open(kind);
      await s.session.sendText('My name is Ada.');
      await waitFor('the first answer', () => s.ends()[0]);
      await drop(s.serverIds()[0]!);
      await waitFor('resumed', () => s.states().includes('resumed'));
      await s.session.sendText('What did I say before?');
      await waitFor('the second answer', () => s.ends()[1]);
      expect(s.ends().map((e) => [e.status, e.output])).toEqual([
        ['completed', 'You said: "My name is Ada.".'],
        ['completed', 'Before that you said: "My name is Ada.".'],
      ]);
      expect(s.states()).toEqual([...DROPPED, 'reconnecting', 'resumed']);
      expect(s.errorCodes()).toEqual([]);
      expect(s.history()).toEqual([
        'user: My name is Ada.',
        'assistant: You said: "My name is Ada.".',
        'user: What did I say before?',
        'assistant: Before that you said: "My name is Ada.".',
      ]);
      expect(s.uniqueIds()).toBe(true);
    });

    it('during a tool call: the tool runs once and its output reaches the model after reconnecting', async () => {
      toolRuns = 0;
      const s = await open(kind);
      await s.session.sendText('What is the weather in Paris?');
      await waitFor('the tool to start', () => s.rec.of('tool_start')[0]);
      await drop(s.serverIds()[0]!);
      await waitFor('the answer from the tool output', () => s.ends()[1]);
      expect(toolRuns).toBe(1);
      expect(s.rec.of('tool_end').map((e) => [e.toolName, e.output, e.ok])).toEqual([
        ['get_weather', 'Sunny in Paris, 72F', true],
      ]);
      expect(s.ends()[1]!.output).toBe('Here is what get_weather returned: Sunny in Paris, 72F');
      expect(s.states()).toEqual([...DROPPED, 'reconnecting', 'resumed']);
      expect(s.errorCodes()).toEqual([]);
      // the output went to the new server session only, once
      const [first, second] = s.serverIds();
      const outputs = async (id: string) =>
        (await emulatorLog(id)).filter(
          (e) =>
            e.direction === 'in' &&
            e.event.type === 'conversation.item.create' &&
            (e.event.item as { type: string }).type === 'function_call_output',
        ).length;
      expect([await outputs(first!), await outputs(second!)]).toEqual([0, 1]);
      expect(s.history()).toEqual([
        'user: What is the weather in Paris?',
        'call get_weather → Sunny in Paris, 72F',
        'output Sunny in Paris, 72F',
        'assistant: Here is what get_weather returned: Sunny in Paris, 72F',
      ]);
      expect(s.uniqueIds()).toBe(true);
    });
  });

  describe('refused at connect (once key: the next connect is clean)', () => {
    it.each(['401', '429', '500'])(
      '%s: runner.session rejects, no retry, then the transport connects',
      async (fault) => {
        const secret = countingSecret();
        const { transport, options } = build(kind, { fault, key: 'once', clientSecret: secret.fn });
        const r = runner({ transport, turnDetection: null, reconnect: fastReconnect(), ...options });
        const err = await rejection(r.session(agent));
        const status = (err as { status?: number }).status;
        if (kind === 'webrtc') {
          expect([err.code, status]).toEqual([`http_${fault}`, Number(fault)]);
          expect(err.message).toMatch(new RegExp(`HTTP ${fault}: ${CONNECT_MESSAGES[fault]}`));
        } else {
          // browsers hide the handshake's status: 401, 429 and 500 all read the same
          expect([err.code, status]).toEqual(['handshake_failed', 0]);
          expect(err.message).toMatch(/closed before opening \(code 1006\)/);
        }
        await sleep(400); // longer than two reconnect delays: nothing tries again
        expect(secret.calls()).toBe(1);
        await expectUsable(transport, options);
        expect(secret.calls()).toBe(2);
      },
    );
  });

  describe('refused on reconnect', () => {
    it('401 (the key function now returns a refused key): reconnect gives up, failed + error, closed', async () => {
      const secret = expiringSecret();
      const s = await open(kind, { clientSecret: secret.fn });
      await drop(s.serverIds()[0]!);
      await waitFor('the session to close', () => s.session.closed);
      if (kind === 'webrtc') {
        // a refused key is final: one attempt
        expect(s.states()).toEqual([...DROPPED, 'reconnecting', 'failed', 'closed']);
        expect(s.errorCodes()).toEqual(['http_401']);
        expect(secret.calls()).toBe(2);
      } else {
        // the browser hides the 401: retried like any refused handshake until the policy gives up
        expect(s.states()).toEqual([...DROPPED, ...RETRIED, 'failed', 'closed']);
        expect(s.errorCodes()).toEqual(['handshake_failed']);
        expect(secret.calls()).toBe(3);
      }
      expectFailedWithTheError(s);
    });

    it.each(['429', '500'])(
      '%s on every reconnect: retried as the policy allows, then failed + error, closed',
      async (fault) => {
        const secret = countingSecret();
        const s = await open(kind, { fault, key: 'after', clientSecret: secret.fn });
        await drop(s.serverIds()[0]!);
        await waitFor('the session to close', () => s.session.closed);
        expect(s.states()).toEqual([...DROPPED, ...RETRIED, 'failed', 'closed']);
        expect(s.errorCodes()).toEqual([kind === 'webrtc' ? `http_${fault}` : 'handshake_failed']);
        expect(secret.calls()).toBe(3);
        expectFailedWithTheError(s);
      },
    );
  });

  describe('misbehaving server events: the session stays connected and answers once', () => {
    it.each([
      ['malformed_json', ['invalid_json']],
      ['duplicate', []],
      ['duplicate:response.done', []],
      ['delay:200', []],
      ['reorder', []],
    ])('%s', async (fault, errors) => {
      const s = await open(kind, { fault });
      await s.session.sendText('Hello');
      await waitFor('the answer', () => s.ends()[0]);
      await sleep(300); // a late duplicate would land here
      expect(s.ends().map((e) => [e.status, e.output])).toEqual([['completed', 'You said: "Hello".']]);
      expect(s.rec.of('agent_start')).toHaveLength(1);
      expect(s.session.usage.requests).toBe(1);
      expect(s.states()).toEqual(['connecting', 'connected']);
      expect(s.errorCodes()).toEqual(errors);
      expect(s.history()).toEqual(['user: Hello', 'assistant: You said: "Hello".']);
      expect(s.uniqueIds()).toBe(true);
    });
  });

  it('connect never completes (WebRTC: ICE never connects; WebSocket: session.updated after the timeout)', async () => {
    const fault = kind === 'webrtc' ? 'ice_never_connects' : 'delay:4000';
    const secret = countingSecret();
    const setup = { fault, key: 'once', connectTimeoutMs: 2500, clientSecret: secret.fn } as const;
    const { transport, options } = build(kind, setup);
    const r = runner({ transport, turnDetection: null, reconnect: fastReconnect(), ...options });
    const t0 = performance.now();
    const err = await rejection(r.session(agent));
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(err.code).toBe('connect_timeout');
    expect(err.message).toMatch(
      kind === 'webrtc'
        ? /timed out after 2500 ms waiting for the WebRTC connection \(ICE\/DTLS\)/
        : /Timed out after 2500 ms waiting for session\.updated/,
    );
    expect(secret.calls()).toBe(1);
    await expectUsable(transport, options);
  });
});
