import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { connectScripted } from './testing/connect-scripted.js';
import { pcm16ToBase64 } from './testing/server-script.js';

const agent = new RealtimeAgent({ name: 'A' });
const second = (n = 1) => pcm16ToBase64(new Int16Array(24000 * n));

describe('interrupt and barge-in (played position, not wall clock)', () => {
  it('interrupt() mid-response: cancel, flush, truncate at the played ms', async () => {
    const { session, transport, script, feed, of } = await connectScripted(agent);
    const r = script.spoken('long answer', { audio: [second(2)], done: false });
    feed(r.events);
    transport.play(1234);
    session.interrupt();
    expect(transport.sent.map((e) => e.type)).toEqual(['response.cancel', 'conversation.item.truncate']);
    expect(transport.sentOf('conversation.item.truncate')[0]).toMatchObject({
      item_id: r.itemId,
      content_index: 0,
      audio_end_ms: 1234,
    });
    expect(of('audio_interrupted')[0]).toMatchObject({ itemId: r.itemId, playedMs: 1234 });
    expect(transport.playback()).toBeNull();
  });

  it('interrupt() after all audio was received (response.done) but not yet played still truncates exactly', async () => {
    const { session, transport, script, feed } = await connectScripted(agent);
    const r = script.spoken('done already', { audio: [second(3)] });
    feed(r.events);
    transport.play(700);
    session.interrupt();
    expect(transport.sentOf('response.cancel')).toHaveLength(0);
    expect(transport.sentOf('conversation.item.truncate')[0]).toMatchObject({
      item_id: r.itemId,
      audio_end_ms: 700,
    });
  });

  it('interrupt() with nothing playing sends nothing', async () => {
    const { session, transport, of } = await connectScripted(agent);
    session.interrupt();
    expect(transport.sent).toEqual([]);
    expect(of('audio_interrupted')).toHaveLength(0);
  });

  it('never truncates beyond what was received', async () => {
    const { session, transport, script, feed } = await connectScripted(agent);
    const r = script.spoken('x', { audio: [pcm16ToBase64(new Int16Array(2400))] });
    feed(r.events);
    transport.play(50);
    session.interrupt();
    expect(transport.sentOf('conversation.item.truncate')[0]?.audio_end_ms).toBe(50);
  });

  it('barge-in (speech_started) while audio plays: flush + truncate, no cancel when interrupt_response is on', async () => {
    const { transport, script, feed, of } = await connectScripted(agent);
    const r = script.spoken('talking', { audio: [second(2)] });
    feed(r.events);
    transport.play(480);
    feed([script.event('input_audio_buffer.speech_started', { audio_start_ms: 5000, item_id: 'u2' })]);
    expect(transport.sentOf('response.cancel')).toHaveLength(0);
    expect(transport.sentOf('conversation.item.truncate')[0]).toMatchObject({
      item_id: r.itemId,
      audio_end_ms: 480,
    });
    expect(of('audio_interrupted')).toHaveLength(1);
  });

  it('barge-in with interruptResponse: false also cancels the active response', async () => {
    const { transport, script, feed } = await connectScripted(agent, {
      turnDetection: { type: 'server_vad', interruptResponse: false },
    });
    const r = script.spoken('talking', { audio: [second(1)], done: false });
    feed(r.events);
    transport.play(100);
    feed([script.event('input_audio_buffer.speech_started', { audio_start_ms: 0, item_id: 'u2' })]);
    expect(transport.sentOf('response.cancel')[0]).toMatchObject({ response_id: r.responseId });
  });

  it('speech while the agent is silent is not an audio interruption', async () => {
    const { transport, script, feed, of } = await connectScripted(agent);
    feed(script.spoken('short', { audio: [pcm16ToBase64(new Int16Array(2400))] }).events);
    transport.play(100);
    feed([script.event('input_audio_buffer.speech_started', { audio_start_ms: 0, item_id: 'u2' })]);
    expect(of('audio_interrupted')).toHaveLength(0);
    expect(transport.sentOf('conversation.item.truncate')).toHaveLength(0);
  });

  it('audio_end when playback drains', async () => {
    const { transport, script, feed, of } = await connectScripted(agent);
    const r = script.spoken('x', { audio: [pcm16ToBase64(new Int16Array(2400))] });
    feed(r.events);
    expect(of('audio_end')).toHaveLength(0);
    transport.play(100);
    expect(of('audio_end')).toEqual([{ type: 'audio_end', itemId: r.itemId }]);
  });

  it('WebRTC (server-managed): interrupt = response.cancel + output_audio_buffer.clear, never a truncate', async () => {
    const { session, transport, script, feed } = await connectScripted(
      agent,
      {},
      { serverManagedAudio: true },
    );
    const r = script.spoken('x', { done: false });
    feed(r.events);
    feed([script.event('output_audio_buffer.started', { response_id: r.responseId })]);
    session.interrupt();
    expect(transport.sent.map((e) => e.type)).toEqual(['response.cancel', 'output_audio_buffer.clear']);
  });

  it('WebRTC: after response.done but still playing, interrupt sends only output_audio_buffer.clear', async () => {
    const { session, transport, script, feed } = await connectScripted(
      agent,
      {},
      { serverManagedAudio: true },
    );
    const r = script.spoken('x');
    feed([script.event('output_audio_buffer.started', { response_id: r.responseId }), ...r.events]);
    session.interrupt();
    expect(transport.sent.map((e) => e.type)).toEqual(['output_audio_buffer.clear']);
  });

  it('WebRTC: server barge-in is left to the server; cleared → audio_interrupted, stopped → audio_end', async () => {
    const { transport, script, feed, of } = await connectScripted(agent, {}, { serverManagedAudio: true });
    const r1 = script.spoken('one');
    feed([
      ...r1.events,
      script.event('output_audio_buffer.started', { response_id: r1.responseId }),
      script.event('output_audio_buffer.stopped', { response_id: r1.responseId }),
    ]);
    expect(of('audio_end')).toEqual([{ type: 'audio_end', itemId: r1.itemId }]);
    const r2 = script.spoken('two', { done: false });
    feed([...r2.events, script.event('output_audio_buffer.started', { response_id: r2.responseId })]);
    feed([
      script.event('input_audio_buffer.speech_started', { audio_start_ms: 0, item_id: 'u' }),
      script.event('output_audio_buffer.cleared', { response_id: r2.responseId }),
    ]);
    expect(transport.sent).toEqual([]);
    expect(of('audio_interrupted')[0]).toMatchObject({ itemId: r2.itemId });
  });

  it('metrics: response created → first audio really played', async () => {
    const { transport, script, feed, of } = await connectScripted(agent);
    feed([script.event('input_audio_buffer.speech_stopped', { audio_end_ms: 1000, item_id: 'u1' })]);
    const r = script.spoken('x', { audio: [pcm16ToBase64(new Int16Array(2400))] });
    feed(r.events.slice(0, 6));
    transport.play(20, performance.now() + 50);
    const m = of('metrics')[0];
    expect(m?.responseId).toBe(r.responseId);
    expect(m?.responseToFirstAudioMs).toBeGreaterThanOrEqual(49);
    expect(m?.speechEndToFirstAudioMs).toBeGreaterThanOrEqual(m!.responseToFirstAudioMs!);
  });
});

describe('push-to-talk', () => {
  it('setTurnDetection(null) sends turn_detection null and validates', async () => {
    const { session, transport } = await connectScripted(agent);
    await session.setTurnDetection(null);
    expect(transport.sentOf('session.update')[0]?.session.audio?.input?.turn_detection).toBeNull();
    await expect(session.setTurnDetection({ type: 'server_vad', threshold: 3 })).rejects.toThrow(
      /turnDetection.threshold: got 3/,
    );
  });

  it('start clears the buffer (interrupting a speaking agent), end commits and requests a response', async () => {
    const { session, transport, script, feed } = await connectScripted(agent, { turnDetection: null });
    const r = script.spoken('talking', { audio: [second(1)], done: false });
    feed(r.events);
    transport.play(300);
    session.startPushToTalk();
    expect(transport.sent.map((e) => e.type)).toEqual([
      'response.cancel',
      'conversation.item.truncate',
      'input_audio_buffer.clear',
    ]);
    feed([script.event('response.done', { response: script.response(r.responseId, 'cancelled') })]);
    session.endPushToTalk();
    expect(transport.sent.slice(-2).map((e) => e.type)).toEqual([
      'input_audio_buffer.commit',
      'response.create',
    ]);
  });

  it('start with a silent agent only clears', async () => {
    const { session, transport } = await connectScripted(agent, { turnDetection: null });
    session.startPushToTalk();
    expect(transport.sent.map((e) => e.type)).toEqual(['input_audio_buffer.clear']);
  });
});
