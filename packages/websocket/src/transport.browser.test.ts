// The WebSocket transport in Chromium (fake microphone from the speech WAV) against the emulator:
// ephemeral key over subprotocols, AudioWorklet mic and player, exact truncation.
import {
  RealtimeAgent,
  RealtimeRunner,
  type RealtimeRunnerOptions,
  realtimeHandoff,
  TransportError,
  tool,
} from '@realtime-agents/core';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { z } from 'zod';
import wavUrl from '../../../e2e/fixtures/speech-48k.wav?url';
import { record, rmsDbfs, sleep } from '../test/record.js';
import { type WebSocketTransport, websocketTransport } from './index.js';
import type { WebSocketTransportOptions } from './options.js';

const base = inject('emulatorBaseUrl');
const LONG =
  'Please tell me a very long story about the mountains, the rivers and the sea, with many details.';
const agent = new RealtimeAgent({ name: 'A', instructions: 'Talk.' });

let minted = 0;
async function mintKey(): Promise<string> {
  minted++;
  const res = await fetch(`${base}/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  const { value } = (await res.json()) as { value: string };
  expect(value).toMatch(/^ek_/);
  return value;
}

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
  vi.restoreAllMocks();
});

async function open(
  options: WebSocketTransportOptions = {},
  runner: RealtimeRunnerOptions = {},
  first: RealtimeAgent = agent,
) {
  const transport = websocketTransport({ clientSecret: mintKey, ...options });
  const send = vi.spyOn(transport, 'send');
  const session = await new RealtimeRunner({ baseUrl: base, transport, ...runner }).session(first);
  cleanup.push(() => session.close());
  const truncates = () =>
    send.mock.calls.map(([e]) => e).filter((e) => e.type === 'conversation.item.truncate') as Array<{
      item_id: string;
      audio_end_ms: number;
    }>;
  return { transport, session, rec: record(session), truncates };
}

/** A microphone stream we control: silence until `speak()` plays the speech WAV into it. */
async function controlledMic() {
  const ctx = new AudioContext({ sampleRate: 48000 });
  const buffer = await ctx.decodeAudioData(await (await fetch(wavUrl)).arrayBuffer());
  const dest = ctx.createMediaStreamDestination();
  cleanup.push(() => void ctx.close());
  return {
    stream: dest.stream,
    speak(offsetS = 0.5) {
      const src = ctx.createBufferSource();
      src.buffer = buffer;
      src.connect(dest);
      src.start(0, offsetS);
    },
  };
}

/** Wait until the player has rendered `ms` of the current item (synthesis is slow on a loaded machine). */
async function playedAtLeast(transport: WebSocketTransport, ms: number, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const pos = transport.player?.position();
    if (pos && pos.playedMs >= ms) return pos;
    await sleep(10);
  }
  const pos = transport.player?.position();
  throw new Error(`the player never reached ${ms} ms in ${timeoutMs} ms (at ${pos?.playedMs ?? 'nothing'})`);
}

describe('websocket transport in the browser', () => {
  it('refuses a standard sk- key in the browser and explains ephemeral keys', async () => {
    const transport = websocketTransport({ apiKey: 'sk-not-for-browsers' });
    let err: unknown;
    try {
      await new RealtimeRunner({ baseUrl: base, transport }).session(agent);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('insecure_key');
    expect((err as Error).message).toMatch(/ephemeral client secret/);
    expect((err as Error).message).not.toContain('sk-not-for-browsers');
  });

  it('ek_ over subprotocols: text turn with transcript, speech audio, and the player renders every sample', async () => {
    const offered: Array<string | string[] | undefined> = [];
    class Recording extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        offered.push(protocols);
      }
    }
    const { transport, session, rec } = await open({ WebSocket: Recording }, { turnDetection: null });
    expect(offered).toHaveLength(1);
    expect(offered[0]![0]).toBe('realtime');
    expect(offered[0]![1]).toMatch(/^openai-insecure-api-key\.ek_[0-9a-f]{32}$/);
    expect(transport.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?model=gpt-realtime$/);
    expect(transport.player).not.toBeNull();
    expect(transport.microphone?.track.readyState).toBe('live');
    const started = vi.fn();
    transport.player!.on('started', started);
    await session.sendText('Hello from the browser');
    const end = await rec.waitFor('agent_end');
    expect(end.output).toBe('You said: "Hello from the browser".');
    const transcript = await rec.waitFor('transcript', (t) => t.role === 'assistant' && t.final);
    expect(transcript.text).toBe(end.output);
    const audio = rec.of('audio');
    const samples = audio.reduce((n, a) => n + a.data.length, 0);
    expect(rmsDbfs(audio[0]!.data)).toBeGreaterThan(-60);
    const itemId = audio[0]!.itemId;
    const drained = await rec.waitFor('audio_end', (e) => e.itemId === itemId, 20_000);
    expect(drained.itemId).toBe(itemId);
    expect(started).toHaveBeenCalledTimes(1);
    const pos = transport.player!.positionOf(itemId)!;
    expect(Math.abs(pos.playedMs - (samples / 24000) * 1000)).toBeLessThan(1);
    const metrics = rec.of('metrics');
    expect(metrics[0]!.responseToFirstAudioMs).toBeGreaterThan(0);
    expect(rec.errors()).toEqual([]);
  });

  it('tool call and handoff in the browser: get_weather(Paris), then the Spanish agent', async () => {
    const getWeather = tool({
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => `Sunny in ${city}, 72F`,
    });
    const spanish = new RealtimeAgent({ name: 'Spanish', instructions: 'Respond in Spanish' });
    const greeter = new RealtimeAgent({
      name: 'Greeter',
      instructions: 'Help.',
      tools: [getWeather],
      handoffs: [realtimeHandoff(spanish)],
    });
    const { session, rec } = await open({}, { turnDetection: null }, greeter);
    await session.sendText("What's the weather in Paris?");
    expect(await rec.waitFor('tool_end')).toMatchObject({
      toolName: 'get_weather',
      output: 'Sunny in Paris, 72F',
    });
    await rec.waitFor('agent_end', (e) => e.output.includes('Sunny in Paris'));
    await session.sendText('Can I speak to the Spanish agent?');
    expect((await rec.waitFor('handoff')).to.name).toBe('Spanish');
    await rec.waitFor('agent_end', (e) => e.output.includes('Hola'));
    expect(rec.errors()).toEqual([]);
  });

  it('voice turn from the fake microphone: server VAD, placeholder transcript, spoken answer', async () => {
    const { session, rec } = await open(
      {},
      {
        turnDetection: { type: 'server_vad', silenceDurationMs: 500 },
        inputAudioTranscription: { model: 'gpt-4o-transcribe' },
      },
    );
    const started = await rec.waitFor('speech_started');
    expect(started.audioStartMs).toBeGreaterThan(200);
    expect(started.audioStartMs).toBeLessThan(1200);
    const stopped = await rec.waitFor('speech_stopped');
    const spokenMs = stopped.audioEndMs - started.audioStartMs;
    expect(spokenMs).toBeGreaterThan(3000); // 0.5–4.6 s of speech with one short pause
    expect(spokenMs).toBeLessThan(5500);
    const user = await rec.waitFor('transcript', (t) => t.role === 'user' && t.final);
    expect(user.text).toMatch(/^\[speech \d\.\d s\]$/);
    const end = await rec.waitFor('agent_end');
    expect(end.output).toContain('I heard you speak');
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('G.711 μ-law session: 8 kHz mic frames reach server VAD, 8 kHz answer plays to the end', async () => {
    const { transport, rec } = await open(
      {},
      {
        inputAudioFormat: 'g711_ulaw',
        outputAudioFormat: 'g711_ulaw',
        turnDetection: { type: 'server_vad', silenceDurationMs: 500 },
      },
    );
    expect(transport.microphone!.sampleRate).toBe(8000);
    expect(transport.player!.sampleRate).toBe(8000);
    await rec.waitFor('speech_started');
    const end = await rec.waitFor('agent_end', () => true, 15_000);
    const audio = rec.of('audio').filter((a) => a.responseId === end.responseId);
    expect(audio.length).toBeGreaterThan(0);
    for (const a of audio) expect(a.sampleRate).toBe(8000);
    const itemId = audio[0]!.itemId;
    await rec.waitFor('audio_end', (e) => e.itemId === itemId, 20_000);
    const samples = audio.reduce((n, a) => n + a.data.length, 0);
    expect(Math.abs(transport.player!.positionOf(itemId)!.playedMs - samples / 8)).toBeLessThan(1);
    expect(rec.errors()).toEqual([]);
  });

  it('barge-in: speech while the answer plays → truncate at the player’s rendered count (±20 ms)', async () => {
    const mic = await controlledMic();
    const { transport, session, rec, truncates } = await open(
      { mediaStream: mic.stream },
      { turnDetection: { type: 'server_vad', silenceDurationMs: 400 } },
    );
    const flushed: Array<{ playedMs: number; itemId: string } | null> = [];
    transport.player!.on('flushed', (e) => flushed.push(e.position));
    await session.sendText(LONG);
    await playedAtLeast(transport, 800);
    mic.speak(0.45);
    await rec.waitFor('speech_started');
    const interrupted = await rec.waitFor('audio_interrupted');
    const [truncate] = truncates();
    expect(truncate).toBeDefined();
    expect(truncate!.item_id).toBe(interrupted.itemId);
    await vi.waitFor(() => expect(flushed.length).toBe(1));
    const exact = flushed[0]!;
    console.log(
      `barge-in: audio_end_ms ${truncate!.audio_end_ms}, player rendered ${exact.playedMs.toFixed(1)} ms`,
    );
    expect(exact.itemId).toBe(truncate!.item_id);
    expect(Math.abs(truncate!.audio_end_ms - exact.playedMs)).toBeLessThanOrEqual(20);
    expect(truncate!.audio_end_ms).toBeGreaterThan(800);
    const truncated = await rec.waitFor('raw', (e) => e.event.type === 'conversation.item.truncated');
    expect((truncated.event as { audio_end_ms: number }).audio_end_ms).toBe(truncate!.audio_end_ms);
    expect(transport.player!.queuedMs).toBe(0);
    expect(rec.errors()).toEqual([]);
  });

  it('interrupt(): cancels, flushes the player and truncates at its rendered count (±20 ms)', async () => {
    const { transport, session, rec, truncates } = await open({}, { turnDetection: null });
    const flushed: Array<{ playedMs: number } | null> = [];
    transport.player!.on('flushed', (e) => flushed.push(e.position));
    await session.sendText(LONG);
    await playedAtLeast(transport, 700);
    session.interrupt();
    expect(transport.player!.playing).toBe(false);
    const [truncate] = truncates();
    await vi.waitFor(() => expect(flushed.length).toBe(1));
    console.log(
      `interrupt: audio_end_ms ${truncate!.audio_end_ms}, player rendered ${flushed[0]!.playedMs.toFixed(1)} ms`,
    );
    expect(Math.abs(truncate!.audio_end_ms - flushed[0]!.playedMs)).toBeLessThanOrEqual(20);
    await rec.waitFor('raw', (e) => e.event.type === 'conversation.item.truncated');
    // nothing more is played for the cut item
    await sleep(300);
    expect(transport.player!.position()).toBeNull();
    expect(rec.errors()).toEqual([]);
  });

  it('mute: the track stays live, the server hears silence; unmute and speech is detected', async () => {
    const transport = websocketTransport({ clientSecret: mintKey });
    transport.mute(true);
    const session = await new RealtimeRunner({
      baseUrl: base,
      transport,
      turnDetection: { type: 'server_vad', silenceDurationMs: 400 },
    }).session(agent);
    cleanup.push(() => session.close());
    const rec = record(session);
    await sleep(1500); // the fake mic is speaking from 0.5 s
    expect(rec.of('speech_started')).toHaveLength(0);
    const track = transport.microphone!.track;
    expect(track.readyState).toBe('live');
    expect(track.enabled).toBe(true);
    expect(transport.microphone!.muted).toBe(true);
    session.mute(false);
    await rec.waitFor('speech_started', () => true, 4000);
    expect(rec.errors()).toEqual([]);
  });

  it('close releases the mic track and player; the transport reconnects with a fresh ek_; a given stream is never stopped', async () => {
    const transport = websocketTransport({ clientSecret: mintKey });
    const runner = new RealtimeRunner({ baseUrl: base, transport, turnDetection: null });
    const before = minted;
    const s1 = await runner.session(agent);
    const track = transport.microphone!.track;
    const player = transport.player!;
    s1.close();
    expect(track.readyState).toBe('ended');
    await vi.waitFor(() => expect(player.context.state).toBe('closed'));
    expect(transport.microphone).toBeNull();
    expect(transport.player).toBeNull();

    const s2 = await runner.session(agent);
    cleanup.push(() => s2.close());
    expect(minted - before).toBe(2);
    const rec = record(s2);
    await s2.sendText('Back again');
    expect((await rec.waitFor('agent_end')).output).toContain('Back again');
    s2.close();

    const mic = await controlledMic();
    const own = websocketTransport({ clientSecret: mintKey, mediaStream: mic.stream });
    const s3 = await new RealtimeRunner({ baseUrl: base, transport: own, turnDetection: null }).session(
      agent,
    );
    s3.close();
    expect(mic.stream.getAudioTracks()[0]!.readyState).toBe('live');
  });

  it('device switch: setInputDevice(stream) moves capture to the new input without reconnecting', async () => {
    const quiet = await controlledMic();
    const loud = await controlledMic();
    const { transport, session, rec } = await open(
      { mediaStream: quiet.stream },
      { turnDetection: { type: 'server_vad', silenceDurationMs: 400 } },
    );
    loud.speak(0.45); // only the new input speaks
    await sleep(600);
    expect(rec.of('speech_started')).toHaveLength(0);
    await transport.setInputDevice(loud.stream);
    expect(transport.microphone!.stream).toBe(loud.stream);
    await rec.waitFor('speech_started', () => true, 4000);
    expect(quiet.stream.getAudioTracks()[0]!.readyState).toBe('live'); // not ours: never stopped
    expect(session.closed).toBe(false);
    expect(rec.errors()).toEqual([]);
  });

  it('connect/close cycles release every AudioContext and microphone track', async () => {
    const transport = websocketTransport({ clientSecret: mintKey });
    const runner = new RealtimeRunner({ baseUrl: base, transport, turnDetection: null });
    const contexts: AudioContext[] = [];
    const tracks: MediaStreamTrack[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await runner.session(agent);
      contexts.push(transport.player!.context, transport.microphone!.context);
      tracks.push(transport.microphone!.track);
      s.close();
    }
    await vi.waitFor(() => expect(contexts.map((c) => c.state)).toEqual(contexts.map(() => 'closed')));
    expect(tracks.map((t) => t.readyState)).toEqual(tracks.map(() => 'ended'));
    expect(transport.phase).toBe('closed');
  });

  it('prepare(): ek_ key and socket before the click, no microphone or AudioContext until connect adopts it', async () => {
    const transport = websocketTransport({ clientSecret: mintKey });
    cleanup.push(() => transport.close());
    const runner = new RealtimeRunner({ baseUrl: base, transport, turnDetection: null });
    const gum = vi.spyOn(navigator.mediaDevices, 'getUserMedia');
    let contexts = 0;
    const Original = window.AudioContext;
    window.AudioContext = class extends Original {
      constructor(...args: ConstructorParameters<typeof AudioContext>) {
        super(...args);
        contexts++;
      }
    };
    cleanup.push(() => {
      window.AudioContext = Original;
    });
    const keys = minted;
    await runner.prepare(agent);
    expect(transport.preparation).toBe('ready');
    expect(minted).toBe(keys + 1);
    await sleep(200);
    expect(gum).not.toHaveBeenCalled();
    expect(contexts).toBe(0);
    expect(transport.player).toBeNull();
    expect(transport.microphone).toBeNull();

    const session = await runner.session(agent);
    cleanup.push(() => session.close());
    expect(transport.preparation).toBe('none');
    expect(minted).toBe(keys + 1); // the prepared socket, no second key
    expect(gum).toHaveBeenCalledTimes(1);
    expect(transport.microphone?.track.readyState).toBe('live');
    const rec = record(session);
    await session.sendText('Hello there, how are you today?');
    const drained = await rec.waitFor('audio_end', () => true, 20_000);
    expect(transport.player!.positionOf(drained.itemId)!.playedMs).toBeGreaterThan(500);
    expect(rec.errors()).toEqual([]);
  });
});
