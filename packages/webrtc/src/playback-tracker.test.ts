import type { AudioChunk } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { PlaybackTracker, type TapFrame } from './playback-tracker.js';

const R = 'resp_1';
const ITEM = 'item_a';

function setup() {
  const audio: AudioChunk[] = [];
  const started: Array<[string, number]> = [];
  const drained: string[] = [];
  const t = new PlaybackTracker({
    audio: (c) => audio.push(c),
    playbackStarted: (id, at) => started.push([id, at]),
    playbackDrained: (id) => drained.push(id),
  });
  let clock = 0;
  const frame = (level: 'speech' | 'silence'): TapFrame => {
    clock += 20;
    const pcm = new Int16Array(480).fill(level === 'speech' ? 3000 : 0);
    return { pcm, sampleRate: 24000, rmsDbfs: level === 'speech' ? -20 : -120, atMs: clock };
  };
  const feed = (level: 'speech' | 'silence', n: number) => {
    for (let i = 0; i < n; i++) t.frame(frame(level));
  };
  const announce = () => {
    t.observe({
      type: 'response.output_item.added',
      response_id: R,
      item: { id: ITEM, type: 'message', role: 'assistant' },
    });
    t.observe({
      type: 'response.content_part.added',
      response_id: R,
      item_id: ITEM,
      content_index: 0,
      part: { type: 'audio' },
    });
  };
  return { t, audio, started, drained, feed, announce };
}

describe('PlaybackTracker', () => {
  it('ignores the remote track until output_audio_buffer.started', () => {
    const { t, audio, feed, announce } = setup();
    announce();
    feed('speech', 10);
    expect(audio).toHaveLength(0);
    expect(t.position()).toBeNull();
    expect(t.speaking).toBe(false);
  });

  it('counts from the first audible frame and attributes frames to the response item', () => {
    const { t, audio, started, feed, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    expect(t.speaking).toBe(true);
    feed('silence', 3); // jitter buffer filling: not played audio
    expect(t.position()).toBeNull();
    feed('speech', 10);
    feed('silence', 2); // a pause inside the speech counts
    feed('speech', 5);
    expect(started).toEqual([[ITEM, 60]]); // the first speech frame, taken at 80, began at 60
    expect(audio).toHaveLength(17);
    expect(audio[0]).toMatchObject({ itemId: ITEM, contentIndex: 0, responseId: R, sampleRate: 24000 });
    expect(t.position()).toEqual({ itemId: ITEM, contentIndex: 0, playedMs: 340, queuedMs: 0 });
  });

  it('playback starts at the first audible sample inside the frame, not when the frame arrived', () => {
    const { t, started, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    const pcm = new Int16Array(480); // 20 ms at 24 kHz, silent for its first 15 ms
    pcm.fill(3000, 360);
    t.frame({ pcm, sampleRate: 24000, rmsDbfs: -26, atMs: 1000 });
    expect(started).toEqual([[ITEM, 995]]);
  });

  it('after stopped, ends the item once the track has drained, without the trailing silence', () => {
    const { t, drained, feed, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    feed('speech', 10);
    t.observe({ type: 'output_audio_buffer.stopped', response_id: R });
    feed('speech', 3); // still in the jitter buffer
    expect(t.speaking).toBe(true);
    expect(t.position()?.playedMs).toBe(260);
    feed('silence', 5);
    expect(t.speaking).toBe(false);
    expect(drained).toEqual([ITEM]);
    expect(t.position()).toBeNull();
  });

  it('cleared freezes the position for stopPlayback, then stops counting', () => {
    const { t, audio, feed, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    feed('speech', 25);
    t.observe({ type: 'output_audio_buffer.cleared', response_id: R });
    feed('speech', 5);
    expect(audio).toHaveLength(25);
    expect(t.speaking).toBe(false);
    expect(t.stop()).toEqual({ itemId: ITEM, contentIndex: 0, playedMs: 500, queuedMs: 0 });
    expect(t.stop()).toBeNull();
  });

  it('stop() while playing returns the position and drops later frames of that response', () => {
    const { t, audio, feed, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    feed('speech', 4);
    expect(t.stop()?.playedMs).toBe(80);
    feed('speech', 4);
    expect(audio).toHaveLength(4);
  });

  it('a new response replaces the previous one (drained) and starts from zero', () => {
    const { t, drained, feed, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    feed('speech', 4);
    t.observe({
      type: 'response.output_item.added',
      response_id: 'resp_2',
      item: { id: 'item_b', type: 'message', role: 'assistant' },
    });
    t.observe({ type: 'output_audio_buffer.started', response_id: 'resp_2' });
    expect(drained).toEqual([ITEM]);
    feed('speech', 2);
    expect(t.position()).toMatchObject({ itemId: 'item_b', playedMs: 40 });
  });

  it('subtracts what the jitter buffer invented (concealment, stretching) since the item became audible', () => {
    const audio: AudioChunk[] = [];
    let extra = 500; // concealment before this item (idle gaps, earlier items) is not counted
    const t = new PlaybackTracker({ audio: (c) => audio.push(c) }, () => extra);
    t.observe({
      type: 'response.content_part.added',
      response_id: R,
      item_id: ITEM,
      content_index: 0,
      part: { type: 'audio' },
    });
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    const f = { pcm: new Int16Array(480).fill(3000), sampleRate: 24000, rmsDbfs: -20, atMs: 0 };
    for (let i = 0; i < 50; i++) t.frame(f);
    extra = 560; // 60 ms invented while the item played
    expect(t.position()?.playedMs).toBe(940);
    expect(audio).toHaveLength(50); // the audio events are what was rendered
  });

  it('reports the jitter buffer depth as queuedMs while playing', () => {
    const t = new PlaybackTracker({ audio: () => undefined }, undefined, () => 70);
    t.observe({
      type: 'response.content_part.added',
      response_id: R,
      item_id: ITEM,
      content_index: 0,
      part: { type: 'audio' },
    });
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    t.frame({ pcm: new Int16Array(480).fill(3000), sampleRate: 24000, rmsDbfs: -20, atMs: 0 });
    expect(t.position()).toMatchObject({ playedMs: 20, queuedMs: 70 });
  });

  it('a response that never became audible is forgotten after stopped', () => {
    const { t, feed, announce } = setup();
    announce();
    t.observe({ type: 'output_audio_buffer.started', response_id: R });
    t.observe({ type: 'output_audio_buffer.stopped', response_id: R });
    feed('silence', 40);
    expect(t.speaking).toBe(false);
  });
});
