// Interrupt and barge-in over the WebSocket in Node: what gets truncated, and how exactly.
import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
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

async function open(baseUrl: string, options: WebSocketTransportOptions = {}, runner = {}) {
  const wire = recordingWebSocket();
  const transport = websocketTransport({ WebSocket: wire.WebSocket, ...options });
  const session = await new RealtimeRunner({ apiKey: 'sk-test', baseUrl, transport, ...runner }).session(
    new RealtimeAgent({ name: 'A', instructions: 'Talk.' }),
  );
  const truncates = () => wire.sent().filter((e) => e.type === 'conversation.item.truncate');
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
    await session.sendText(LONG);
    await rec.waitFor('audio');
    const t0 = performance.now();
    await rec.waitFor('agent_end'); // generation done: everything received, far more than played
    const received = rec.of('audio').reduce((n, a) => n + a.data.length, 0) / 24;
    await sleep(600 - (performance.now() - t0));
    const elapsed = performance.now() - t0;
    session.interrupt();
    const [truncate] = truncates();
    expect(received).toBeGreaterThan(2000);
    expect(truncate!.audio_end_ms).toBeGreaterThanOrEqual(Math.floor(elapsed) - 30);
    expect(truncate!.audio_end_ms).toBeLessThanOrEqual(Math.ceil(elapsed) + 5);
    console.log(
      `clock truncate: elapsed ${elapsed.toFixed(1)} ms → audio_end_ms ${truncate!.audio_end_ms} (received ${received.toFixed(0)} ms)`,
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
    await session.sendText(LONG);
    await rec.waitFor('audio');
    const t0 = performance.now();
    let heardAtSpeech = -1;
    session.on('speech_started', () => {
      heardAtSpeech = performance.now() - t0;
    });
    await streamRealtime(
      (pcm) => void session.sendAudio(pcm),
      concat([silence(300), speech(700), silence(500)]),
    );
    await rec.waitFor('speech_started');
    const [truncate] = truncates();
    expect(truncate).toBeDefined();
    expect(truncate!.audio_end_ms).toBeGreaterThan(300);
    expect(Math.abs(truncate!.audio_end_ms - heardAtSpeech)).toBeLessThan(30);
    expect(transport.playback()).toBeNull();
    expect(rec.of('audio_interrupted')).toHaveLength(1);
    await rec.waitFor('raw', (e) => e.event.type === 'conversation.item.truncated');
    session.close();
  });
});
