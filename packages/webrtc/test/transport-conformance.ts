/**
 * One behavioural suite for every transport (design.md, Hono's shared router cases): the same
 * checks run against a factory, so the WebRTC and WebSocket transports keep the same contract.
 * Runs in vitest (browser or Node) against the emulator; the factory supplies the transport and
 * the runner options that reach the emulator (baseUrl, keys).
 * @example
 * describeTransportConformance({
 *   name: 'webrtc',
 *   create: async () => ({ transport: webrtcTransport({ clientSecret: () => mintSecret() }), runnerOptions: { baseUrl } }),
 * });
 * @module
 */
import {
  RealtimeAgent,
  RealtimeRunner,
  type RealtimeRunnerOptions,
  type RealtimeSession,
  type SessionEvent,
  type Transport,
  type TransportHandlers,
  TransportError,
} from '@realtime-agents/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What the suite needs from a transport under test. */
export interface ConformanceTarget {
  name: string;
  /** A fresh, unconnected transport and the runner options that reach the emulator. */
  create(): Promise<{ transport: Transport; runnerOptions: RealtimeRunnerOptions }>;
}

const agent = new RealtimeAgent({ name: 'Conformance', instructions: 'Be brief.' });
const LONG =
  'Please repeat this whole sentence slowly: the quick brown fox jumps over the lazy dog, then runs across the wide green field, past the old red barn, and into the quiet forest.';

async function until<T>(check: () => T | null | undefined | false | 0, ms: number, what: string): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collect(session: RealtimeSession<unknown>) {
  const events: SessionEvent[] = [];
  session.on('*', (e) => events.push(e));
  return <T extends SessionEvent['type']>(type: T) =>
    events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
}

/** Register the conformance tests for `target` in the current vitest file. */
export function describeTransportConformance(target: ConformanceTarget): void {
  describe(`Transport conformance: ${target.name}`, () => {
    const open: Array<{ close(): void }> = [];
    afterEach(() => {
      for (const x of open.splice(0)) x.close();
    });

    async function session(turnDetection: RealtimeRunnerOptions['turnDetection'] = null) {
      const { transport, runnerOptions } = await target.create();
      const s = await new RealtimeRunner({ ...runnerOptions, transport, turnDetection }).session(agent);
      open.push(s);
      return { transport, session: s, of: collect(s) };
    }

    it('connect resolves only after session.updated, reporting connecting → connected', async () => {
      const { transport, runnerOptions } = await target.create();
      open.push(transport);
      const messages: string[] = [];
      const states: string[] = [];
      const handlers: TransportHandlers = {
        message: (m) =>
          messages.push(typeof m === 'string' ? JSON.parse(m).type : (m as { type: string }).type),
        audio: () => undefined,
        state: (s) => states.push(s),
      };
      expect(() => transport.send({ type: 'response.create' })).toThrow(TransportError);
      await transport.connect(
        {
          session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Conformance.' },
          model: 'gpt-realtime',
          apiKey: runnerOptions.apiKey,
          baseUrl: runnerOptions.baseUrl,
          extraHeaders: runnerOptions.extraHeaders,
        },
        handlers,
      );
      expect(messages).toContain('session.updated');
      expect(states).toEqual(['connecting', 'connected']);
      await expect(
        transport.connect({ session: { type: 'realtime' }, model: 'x' }, handlers),
      ).rejects.toMatchObject({
        code: 'already_connected',
      });
    });

    it('a text turn delivers transcripts and PCM16 audio tagged with the response item', async () => {
      const { transport, session: s, of } = await session();
      expect(transport.playback()).toBeNull();
      await s.sendText('Hello there');
      await until(() => of('agent_end').length && of('audio_end').length, 15_000, 'agent_end and audio_end');
      const final = of('transcript').find((t) => t.role === 'assistant' && t.final);
      expect(final?.text.length).toBeGreaterThan(0);
      const audio = of('audio');
      expect(audio.length).toBeGreaterThan(0);
      expect(new Set(audio.map((a) => a.itemId))).toEqual(new Set([final!.itemId]));
      expect(audio.every((a) => a.data instanceof Int16Array && a.sampleRate > 0)).toBe(true);
      expect(audio[0]!.responseId).toBe(of('agent_end')[0]!.responseId);
    });

    it('interrupt() stops the audio at the played position and the server truncates there', async () => {
      const { transport, session: s, of } = await session();
      await s.sendText(LONG);
      await until(() => (transport.playback()?.playedMs ?? 0) > 500, 15_000, '0.5 s of played audio');
      s.interrupt();
      const cut = await until(() => of('audio_interrupted')[0], 5000, 'audio_interrupted');
      expect(cut.playedMs).toBeGreaterThan(400);
      await until(
        () =>
          of('history_updated').length &&
          s.history.some((h) => h.itemId === cut.itemId && 'status' in h && h.status === 'incomplete'),
        5000,
        'the truncated item',
      );
      const n = of('audio').length;
      await new Promise((r) => setTimeout(r, 300));
      expect(of('audio').length).toBe(n);
      expect(transport.playback()).toBeNull();
    });

    it('close is idempotent, send after close throws closed, and the transport connects again', async () => {
      const { transport, session: s } = await session();
      s.close();
      transport.close();
      let error: unknown;
      try {
        transport.send({ type: 'response.create' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).code).toBe('closed');
      expect(transport.stopPlayback()).toBeNull();
      const { runnerOptions } = await target.create();
      const again = await new RealtimeRunner({ ...runnerOptions, transport, turnDetection: null }).session(
        agent,
      );
      open.push(again);
      const of = collect(again);
      again.mute(true);
      again.mute(false);
      await again.sendText('Hello again');
      await until(() => of('agent_end').length, 15_000, 'a turn after reconnecting');
    });
  });
}
