// The transport carrying whole conversations through RealtimeRunner against the real emulator.
import { RealtimeAgent, RealtimeRunner, realtimeHandoff, tool } from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { concat, record, rmsDbfs, silence, speech, streamRealtime } from '../test/node-helpers.js';
import { websocketTransport } from './index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
});

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}, 72F`,
});

async function open(
  agent: RealtimeAgent,
  runnerOptions: ConstructorParameters<typeof RealtimeRunner>[0] = {},
) {
  const transport = websocketTransport();
  const runner = new RealtimeRunner({ apiKey: 'sk-test', baseUrl: emu.baseUrl, transport, ...runnerOptions });
  const session = await runner.session(agent);
  return { transport, session, rec: record(session) };
}

describe('conversation over the WebSocket (Node, emulator)', () => {
  it('text turn: transcripts, speech-like PCM16 audio events, audio_end, agent_end', async () => {
    const { session, transport, rec } = await open(
      new RealtimeAgent({ name: 'A', instructions: 'Be brief.' }),
    );
    expect(transport.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?model=gpt-realtime$/);
    await session.sendText('What is the capital of Norway?');
    const end = await rec.waitFor('agent_end');
    expect(end.status).toBe('completed');
    expect(end.output).toBe('You said: "What is the capital of Norway?".');
    const assistant = rec.of('transcript').filter((t) => t.role === 'assistant' && t.final);
    expect(assistant.map((t) => t.text)).toEqual([end.output]);
    const audio = rec.of('audio');
    expect(audio.length).toBeGreaterThan(1);
    for (const a of audio) expect(a.sampleRate).toBe(24000);
    const pcm = concat(audio.map((a) => a.data));
    const seconds = pcm.length / 24000;
    expect(seconds).toBeGreaterThan(1);
    expect(rmsDbfs(pcm)).toBeGreaterThan(-35); // real speech level, not silence or a click
    // audio deltas and the finished item agree: every sample delivered once
    const itemId = audio[0]!.itemId;
    expect(new Set(audio.map((a) => a.itemId))).toEqual(new Set([itemId]));
    await rec.waitFor('audio_end', (e) => e.itemId === itemId);
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('tool call through the default brain: get_weather("Paris") runs and the answer uses its output', async () => {
    const agent = new RealtimeAgent({
      name: 'Weather',
      instructions: 'Help with weather.',
      tools: [getWeather],
    });
    const { session, rec } = await open(agent);
    await session.sendText("What's the weather in Paris?");
    const start = await rec.waitFor('tool_start');
    expect(start).toMatchObject({ toolName: 'get_weather', arguments: { city: 'Paris' } });
    const end = await rec.waitFor('tool_end');
    expect(end).toMatchObject({ toolName: 'get_weather', ok: true, output: 'Sunny in Paris, 72F' });
    const answer = await rec.waitFor('agent_end', (e) => e.output.includes('Sunny in Paris'));
    expect(answer.output).toContain('get_weather');
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('handoff: "Can I speak to the Spanish agent?" switches agents and the Spanish agent greets', async () => {
    const spanish = new RealtimeAgent({ name: 'Spanish', instructions: 'Respond in Spanish' });
    const greeter = new RealtimeAgent({
      name: 'Greeter',
      instructions: 'Greet.',
      handoffs: [realtimeHandoff(spanish)],
    });
    const { session, rec } = await open(greeter);
    await session.sendText('Can I speak to the Spanish agent?');
    const handoff = await rec.waitFor('handoff');
    expect(handoff.from.name).toBe('Greeter');
    expect(handoff.to.name).toBe('Spanish');
    const greeting = await rec.waitFor('agent_end', (e) => e.output.includes('Hola'));
    expect(greeting.agent.name).toBe('Spanish');
    expect(session.currentAgent.name).toBe('Spanish');
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('voice turn: real-time PCM16 speech + server VAD → speech events, placeholder transcript, spoken answer', async () => {
    const { session, rec } = await open(new RealtimeAgent({ name: 'A', instructions: 'Listen.' }), {
      turnDetection: { type: 'server_vad', silenceDurationMs: 300 },
      inputAudioTranscription: { model: 'gpt-4o-transcribe' },
    });
    const utterance = concat([silence(200), speech(1400), silence(700)]);
    await streamRealtime((pcm) => void session.sendAudio(pcm), utterance);
    const started = await rec.waitFor('speech_started');
    const stopped = await rec.waitFor('speech_stopped');
    expect(started.audioStartMs).toBeGreaterThanOrEqual(0);
    expect(started.audioStartMs).toBeLessThan(400);
    expect(stopped.audioEndMs - started.audioStartMs).toBeGreaterThan(1200);
    expect(stopped.audioEndMs - started.audioStartMs).toBeLessThan(2000);
    const user = await rec.waitFor('transcript', (t) => t.role === 'user' && t.final);
    expect(user.text).toMatch(/^\[speech 1\.\d s\]$/);
    const end = await rec.waitFor('agent_end');
    expect(end.output).toContain('I heard you speak');
    expect(rec.of('audio').length).toBeGreaterThan(0);
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('G.711 μ-law both ways: 8 kHz appends accepted by VAD, 8 kHz speech-like audio events', async () => {
    const { session, rec } = await open(new RealtimeAgent({ name: 'A', instructions: 'Phone.' }), {
      inputAudioFormat: 'g711_ulaw',
      outputAudioFormat: 'g711_ulaw',
      turnDetection: { type: 'server_vad', silenceDurationMs: 300 },
    });
    const speech8k = new Int16Array(Math.round(speech(1200).length / 3));
    const src = speech(1200);
    for (let i = 0; i < speech8k.length; i++) speech8k[i] = src[i * 3]!;
    await streamRealtime(
      (pcm) => void session.sendAudio(pcm),
      concat([speech8k, new Int16Array(8 * 600)]),
      20,
      8000,
    );
    await rec.waitFor('speech_stopped');
    await rec.waitFor('agent_end');
    const audio = rec.of('audio');
    expect(audio.length).toBeGreaterThan(0);
    for (const a of audio) expect(a.sampleRate).toBe(8000);
    expect(rmsDbfs(concat(audio.map((a) => a.data)))).toBeGreaterThan(-35);
    expect(rec.errors()).toEqual([]);
    session.close();
  });
});
