/** The engine with a MediaSink attached (WebRTC/SIP): buffer events, barge-in order (§2.5), clear. */
import { describe, expect, it } from 'vitest';
import { createDefaultBrain } from '../brain/default-brain.js';
import { createSynthesizer } from '../speech/synthesizer.js';
import { silence, speechLike, type WireEvent } from '../test-support.js';
import type { MediaSink } from './contracts.js';
import { EngineSessionImpl } from './session.js';

class FakeSink implements MediaSink {
  queued = new Map<string, { itemId: string; samples: number }>();
  finished = new Set<string>();
  playing: string | null = null;
  constructor(private readonly session: () => EngineSessionImpl) {}
  enqueue(responseId: string, itemId: string, pcm: Int16Array): void {
    const entry = this.queued.get(responseId) ?? { itemId, samples: 0 };
    entry.samples += pcm.length;
    this.queued.set(responseId, entry);
    if (!this.playing) {
      this.playing = responseId;
      this.session().mediaStarted(responseId);
    }
  }
  finish(responseId: string): void {
    this.finished.add(responseId);
  }
  drain(): void {
    const id = this.playing!;
    this.playing = null;
    this.queued.delete(id);
    this.session().mediaDrained(id);
  }
  clear() {
    if (!this.playing) return null;
    const id = this.playing;
    const entry = this.queued.get(id)!;
    this.playing = null;
    this.queued.clear();
    return { responseId: id, itemId: entry.itemId, playedMs: 240 };
  }
  get busy() {
    return this.playing !== null;
  }
}

function setup(streamIntervalMs = 10) {
  const session: EngineSessionImpl = new EngineSessionImpl({
    kind: 'webrtc',
    callId: 'rtc_test',
    brain: createDefaultBrain(),
    synth: createSynthesizer({ engine: 'formant' }),
    streamIntervalMs,
  });
  const sink = new FakeSink(() => session);
  session.attachMedia(sink);
  const events: WireEvent[] = [];
  session.addListener((json) => events.push(JSON.parse(json)));
  const waitFor = async (type: string, timeoutMs = 5000) => {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) {
      const e = events.find((x) => x.type === type);
      if (e) return e;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no ${type}; got ${events.map((e) => e.type).join(', ')}`);
  };
  session.start();
  const ask = (text: string) => {
    session.receive(
      JSON.stringify({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
      }),
    );
    session.receive(JSON.stringify({ type: 'response.create' }));
  };
  return { session, sink, events, waitFor, ask, types: () => events.map((e) => e.type) };
}

describe('engine with a media sink', () => {
  it('no audio deltas; output_audio_buffer.started after the part, stopped only after response.done', async () => {
    const { sink, waitFor, ask, types, events, session } = setup();
    ask('hello');
    await waitFor('response.done');
    sink.drain();
    await waitFor('output_audio_buffer.stopped');
    const t = types();
    expect(t).not.toContain('response.output_audio.delta');
    expect(t).toContain('response.output_audio.done');
    expect(t.indexOf('output_audio_buffer.started')).toBeGreaterThan(
      t.indexOf('response.content_part.added'),
    );
    expect(t.indexOf('output_audio_buffer.stopped')).toBeGreaterThan(t.indexOf('response.done'));
    expect(events.find((e) => e.type === 'output_audio_buffer.started')!.event_id).toMatch(
      /^event_[0-9a-f]{16}$/,
    );
    session.close();
  });

  it('a drain reported before response.done is held until after it', async () => {
    const { sink, waitFor, ask, types, session } = setup(30);
    ask('hello there my friend');
    await waitFor('output_audio_buffer.started');
    sink.drain();
    await waitFor('response.done');
    await waitFor('output_audio_buffer.stopped');
    expect(types().indexOf('output_audio_buffer.stopped')).toBeGreaterThan(types().indexOf('response.done'));
    session.close();
  });

  it('barge-in: speech_started → cleared → cancel cascade → server truncation (played ms)', async () => {
    const { session, waitFor, ask, types, events } = setup(60);
    ask('Tell me a long long story about many many things please');
    await waitFor('output_audio_buffer.started');
    session.appendAudio(speechLike(300));
    await waitFor('conversation.item.truncated');
    const t = types();
    const i = t.indexOf('input_audio_buffer.speech_started');
    expect(t.slice(i, i + 9)).toEqual([
      'input_audio_buffer.speech_started',
      'output_audio_buffer.cleared',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
      'conversation.item.truncated',
    ]);
    const done = events.find((e) => e.type === 'response.done')!;
    expect(done.response.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' });
    const truncated = events.find((e) => e.type === 'conversation.item.truncated')!;
    expect(truncated).toMatchObject({
      item_id: done.response.output[0].id,
      content_index: 0,
      audio_end_ms: 240,
    });
    session.appendAudio(silence(400));
    await waitFor('input_audio_buffer.committed');
    expect(t).not.toContain('output_audio_buffer.stopped');
    session.close();
  });

  it('output_audio_buffer.clear after the response finished: cleared + truncated, no cascade, no stopped', async () => {
    const { session, waitFor, ask, types } = setup();
    ask('hello');
    const done = await waitFor('response.done');
    session.receive(JSON.stringify({ type: 'output_audio_buffer.clear' }));
    await waitFor('conversation.item.truncated');
    expect(types().slice(-2)).toEqual(['output_audio_buffer.cleared', 'conversation.item.truncated']);
    session.mediaDrained(done.response.id); // a late drain of the cleared response is ignored
    expect(types()).not.toContain('output_audio_buffer.stopped');
    session.close();
  });

  it('session expiry: session_expired error, then onEnd(1001)', async () => {
    const session = new EngineSessionImpl({
      kind: 'websocket',
      brain: createDefaultBrain(),
      synth: createSynthesizer({ engine: 'formant' }),
      maxDurationMs: 60,
    });
    const events: string[] = [];
    session.addListener((j) => events.push(j));
    const ended = new Promise<[number, string]>((resolve) =>
      session.onEnd((code, reason) => resolve([code, reason])),
    );
    session.start();
    const [code, reason] = await ended;
    expect(code).toBe(1001);
    expect(reason).toBe('Your session hit the maximum duration of 0 minutes.');
    expect(JSON.parse(events.at(-1)!).error.code).toBe('session_expired');
    expect(session.closed).toBe(true);
  });
});
