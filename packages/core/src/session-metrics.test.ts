import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import type { MetricsEvent } from './events.js';
import { RealtimeRunner } from './runner.js';
import { connectScripted } from './testing/connect-scripted.js';
import { ScriptedTransport } from './testing/scripted-transport.js';
import { pcm16ToBase64, ServerScript } from './testing/server-script.js';
import { tool } from './tool.js';
import type { TransportConnectOptions, TransportHandlers } from './transport.js';
import { TurnMetrics } from './turn-metrics.js';

const audio = (ms: number) => pcm16ToBase64(new Int16Array((24000 * ms) / 1000));
const weather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}`,
});

describe('metrics events (per response, from the first really played sample)', () => {
  it('a response whose playback starts after response.done still reports, once', async () => {
    const { transport, script, feed, of } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    feed([script.event('input_audio_buffer.speech_stopped', { audio_end_ms: 900, item_id: 'u1' })]);
    const r = script.spoken('hi there', { audio: [audio(200)] }); // whole response incl. response.done
    feed(r.events);
    expect(of('agent_end')).toHaveLength(1);
    const t = performance.now() + 30;
    transport.play(100, t);
    transport.play(100, t + 100);
    const m = of('metrics');
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ responseId: r.responseId });
    expect(m[0]!.responseToFirstAudioMs).toBeGreaterThanOrEqual(29);
    expect(m[0]!.speechEndToFirstAudioMs).toBeGreaterThanOrEqual(m[0]!.responseToFirstAudioMs!);
  });

  it('every spoken response of a session reports, in order, each with its own response id', async () => {
    const { session, transport, script, feed, of } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      await session.sendText(text);
      const r = script.spoken(`answer ${text}`, { audio: [audio(100)] });
      ids.push(r.responseId);
      feed(r.events);
      transport.play(100, performance.now());
    }
    expect(of('metrics').map((m) => m.responseId)).toEqual(ids);
  });

  it('a typed turn has no speech → audio latency even after an earlier spoken turn', async () => {
    const { session, transport, script, feed, of } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    feed([script.event('input_audio_buffer.speech_stopped', { audio_end_ms: 900, item_id: 'u1' })]);
    const r1 = script.spoken('heard you', { audio: [audio(100)] });
    feed(r1.events);
    transport.play(100, performance.now());
    await session.sendText('typed now');
    const r2 = script.spoken('read you', { audio: [audio(100)] });
    feed(r2.events);
    transport.play(100, performance.now());
    const [m1, m2] = of('metrics');
    expect(m1?.speechEndToFirstAudioMs).not.toBeNull();
    expect(m2).toMatchObject({ responseId: r2.responseId, speechEndToFirstAudioMs: null });
  });

  it('after a tool call, the answer reports; speech → audio spans the whole turn', async () => {
    const { transport, script, feed, of, settle } = await connectScripted(
      new RealtimeAgent({ name: 'A', tools: [weather] }),
    );
    feed([script.event('input_audio_buffer.speech_stopped', { audio_end_ms: 900, item_id: 'u1' })]);
    feed(script.functionCalls([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }]).events);
    await settle();
    await new Promise((r) => setTimeout(r, 20));
    const answer = script.spoken('Sunny in Oslo', { audio: [audio(100)] });
    feed(answer.events);
    transport.play(100, performance.now());
    const m = of('metrics');
    expect(m).toHaveLength(1);
    expect(m[0]!.responseId).toBe(answer.responseId);
    expect(m[0]!.speechEndToFirstAudioMs! - m[0]!.responseToFirstAudioMs!).toBeGreaterThanOrEqual(15);
  });
});

describe('metrics when playback is reported before any audio chunk (WebRTC tap)', () => {
  it('the item is known from response.content_part.added', async () => {
    class EarlyPlayback extends ScriptedTransport {
      handlers: TransportHandlers | null = null;
      override async connect(o: TransportConnectOptions, h: TransportHandlers): Promise<void> {
        this.handlers = h;
        return super.connect(o, h);
      }
    }
    const transport = new EarlyPlayback();
    const session = await new RealtimeRunner({ transport }).session(new RealtimeAgent({ name: 'A' }));
    const metrics: MetricsEvent[] = [];
    session.on('metrics', (m) => metrics.push(m));
    const script = new ServerScript();
    await session.sendText('hi');
    const r = script.spoken('hello', { audio: [] }); // no audio deltas: WebRTC carries audio on the track
    for (const e of r.events) transport.receive(e);
    transport.handlers!.playbackStarted!(r.itemId, performance.now() + 40);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ responseId: r.responseId, speechEndToFirstAudioMs: null });
    expect(metrics[0]!.responseToFirstAudioMs).toBeGreaterThanOrEqual(39);
    await session.close();
  });
});

describe('TurnMetrics', () => {
  it('matches playback to its response by item or response id, and forgets old ones', () => {
    const m = new TurnMetrics();
    m.userSpoke(100);
    m.responseCreated('r1', 150);
    m.audioItem('i1', 'r1');
    expect(m.playbackStarted({ itemId: 'unknown' }, 200)).toBeNull();
    expect(m.playbackStarted({ itemId: 'i1' }, 400)).toEqual({
      type: 'metrics',
      responseId: 'r1',
      responseToFirstAudioMs: 250,
      speechEndToFirstAudioMs: 300,
    });
    expect(m.playbackStarted({ responseId: 'r1' }, 500)).toBeNull(); // once per response
    for (let i = 0; i < 40; i++) m.responseCreated(`x${i}`, 0);
    m.responseCreated('r2', 600);
    expect(m.playbackStarted({ responseId: 'r2' }, 650)?.responseToFirstAudioMs).toBe(50);
    expect(m.playbackStarted({ responseId: 'x0' }, 700)).toBeNull(); // pruned
  });
});
