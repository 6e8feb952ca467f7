// Interrupt and barge-in over the WebSocket in Node: what gets truncated, and how exactly.
import { RealtimeAgent, RealtimeRunner, type RealtimeSession } from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  concat,
  recordingWebSocket,
  record,
  silence,
  sleep,
  speech,
  streamRealtime,
} from '../test/node-helpers.js';
import { clockPlayback, websocketTransport } from './index.js';
import type { WebSocketTransportOptions } from './options.js';

let emu: Emulator;
let slowEmu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  // 200 ms audio chunks every 150 ms: still generating when we interrupt.
  slowEmu = await startEmulator({ port: 0, streamIntervalMs: 150 });
});
afterAll(async () => {
  await emu?.close();
  await slowEmu?.close();
});

const LONG =
  'Please tell me a very long story about the mountains, the rivers and the sea, with many details.';

/**
 * An independent model of a 1× speaker fed by the session's `audio` events (recorded synchronously
 * with their arrival): it plays from the first chunk, stalls when starved, and says how many ms it
 * had played at time `t`.
 */
function speakerModel(session: RealtimeSession<unknown>) {
  const arrivals: Array<{ t: number; ms: number }> = [];
  session.on('audio', (a) =>
    arrivals.push({ t: performance.now(), ms: (a.data.length / a.sampleRate) * 1000 }),
  );
  return {
    playedAt(t: number): number {
      let played = 0;
      let buffered = 0;
      let clock = arrivals[0]?.t ?? t;
      for (const a of arrivals) {
        if (a.t > t) break;
        const step = Math.min(a.t - clock, buffered);
        played += step;
        buffered -= step;
        clock = a.t;
        buffered += a.ms;
      }
      return played + Math.min(t - clock, buffered);
    },
  };
}

async function open(baseUrl: string, options: WebSocketTransportOptions = {}, runner = {}) {
  const wire = recordingWebSocket();
  const transport = websocketTransport({ WebSocket: wire.WebSocket, ...options });
  const session = await new RealtimeRunner({ apiKey: 'sk-test', baseUrl, transport, ...runner }).session(
    new RealtimeAgent({ name: 'A', instructions: 'Talk.' }),
  );
  const truncates = () =>
    wire.sent().filter((e) => e.type === 'conversation.item.truncate') as unknown as Array<{
      item_id: string;
      audio_end_ms: number;
    }>;
  return { transport, session, rec: record(session), wire, truncates };
}

describe('interrupt (Node)', () => {
  it('default output: interrupt() while generating truncates at exactly the audio received (received-as-played)', async () => {
    const { session, rec, truncates } = await open(slowEmu.baseUrl);
    await session.sendText(LONG);
    await rec.waitFor('audio');
    await sleep(400);
    session.interrupt();
    const receivedSamples = rec.of('audio').reduce((n, a) => n + a.data.length, 0);
    const [truncate] = truncates();
    expect(truncate).toBeDefined();
    expect(truncate!.audio_end_ms).toBe(Math.floor(receivedSamples / 24));
    expect(truncate!.audio_end_ms).toBeGreaterThan(0);
    const truncated = await rec.waitFor('raw', (e) => e.event.type === 'conversation.item.truncated');
    expect((truncated.event as { audio_end_ms: number }).audio_end_ms).toBe(truncate!.audio_end_ms);
    const end = await rec.waitFor('agent_end');
    expect(end.status).toBe('cancelled');
    // audio still in flight for the cut item is dropped, not delivered
    const after = rec.of('audio').reduce((n, a) => n + a.data.length, 0);
    expect(after).toBe(receivedSamples);
    expect(rec.of('audio_interrupted')[0]).toMatchObject({ playedMs: truncate!.audio_end_ms });
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('default output: once an answer is complete nothing is truncated (no speaker, nothing left playing)', async () => {
    const { session, rec, truncates } = await open(emu.baseUrl);
    await session.sendText('Hi.');
    await rec.waitFor('agent_end');
    session.interrupt();
    expect(truncates()).toEqual([]);
    session.close();
  });

  it('clockPlayback: interrupt() 600 ms into a fast-generated answer truncates at ≈ 600 ms, not at what was received', async () => {
    const { session, rec, truncates } = await open(emu.baseUrl, { playback: clockPlayback() });
    const speaker = speakerModel(session);
    await session.sendText(LONG);
    await rec.waitFor('audio');
    const t0 = performance.now();
    await rec.waitFor('agent_end'); // generation done: everything received, far more than played
    const received = rec.of('audio').reduce((n, a) => n + a.data.length, 0) / 24;
    await sleep(600 - (performance.now() - t0));
    const heard = speaker.playedAt(performance.now());
    session.interrupt();
    const [truncate] = truncates();
    expect(received).toBeGreaterThan(2000);
    expect(heard).toBeGreaterThan(400);
    expect(Math.abs(truncate!.audio_end_ms - heard)).toBeLessThanOrEqual(3);
    console.log(
      `clock truncate: a 1× speaker had played ${heard.toFixed(1)} ms → audio_end_ms ${truncate!.audio_end_ms} (received ${received.toFixed(0)} ms)`,
    );
    await rec.waitFor('raw', (e) => e.event.type === 'conversation.item.truncated');
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('clockPlayback: barge-in by server VAD while the answer plays truncates at the played position', async () => {
    const { session, rec, truncates, transport } = await open(
      emu.baseUrl,
      { playback: clockPlayback() },
      { turnDetection: { type: 'server_vad', silenceDurationMs: 300 } },
    );
    const speaker = speakerModel(session);
    await session.sendText(LONG);
    await rec.waitFor('audio');
    let heardAtSpeech = -1;
    session.on('speech_started', () => {
      heardAtSpeech = speaker.playedAt(performance.now());
    });
    let afterCut: unknown = 'not interrupted';
    session.on('audio_interrupted', () => {
      afterCut = transport.playback(); // right after the cut (a later answer may play again)
    });
    await streamRealtime(
      (pcm) => void session.sendAudio(pcm),
      concat([silence(300), speech(700), silence(500)]),
    );
    await rec.waitFor('speech_started');
    const [truncate] = truncates();
    expect(truncate).toBeDefined();
    expect(truncate!.audio_end_ms).toBeGreaterThan(300);
    console.log(
      `barge-in: a 1× speaker had played ${heardAtSpeech.toFixed(1)} ms → audio_end_ms ${truncate!.audio_end_ms}`,
    );
    expect(Math.abs(truncate!.audio_end_ms - heardAtSpeech)).toBeLessThanOrEqual(3);
    expect(afterCut).toBeNull();
    expect(rec.of('audio_interrupted')).toHaveLength(1);
    await rec.waitFor('raw', (e) => e.event.type === 'conversation.item.truncated');
    session.close();
  });
});
