// reduceTranscript: typed text, streamed transcripts, interruption, and no new array when nothing changed.
import { RealtimeAgent, type SessionEvent } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { reduceTranscript, type TranscriptMessage } from './transcript-model.js';

const agent = new RealtimeAgent({ name: 'A', instructions: 'x' });
const fold = (events: SessionEvent[]) =>
  events.reduce<readonly TranscriptMessage[]>((m, e) => reduceTranscript(m, e), []);
const delta = (text: string, final = false): SessionEvent => ({
  type: 'transcript',
  role: 'assistant',
  itemId: 'a1',
  text,
  delta: text,
  final,
  responseId: 'r1',
});

describe('reduceTranscript', () => {
  it('adds typed user text, then streams the assistant answer to its end', () => {
    const user: SessionEvent = {
      type: 'history_added',
      item: { itemId: 'u1', type: 'message', role: 'user', status: 'completed', text: 'Hi', content: [] },
    };
    const m = fold([user, delta('Hel'), delta('Hello!')]);
    expect(m).toEqual([
      { id: 'u1', role: 'user', text: 'Hi', streaming: false, interrupted: false },
      { id: 'a1', role: 'assistant', text: 'Hello!', streaming: true, interrupted: false, responseId: 'r1' },
    ]);
    const done = reduceTranscript(m, delta('Hello!', true));
    expect(done[1]).toMatchObject({ streaming: false, interrupted: false });
  });

  it('marks a cut answer interrupted (audio_interrupted, or a cancelled response)', () => {
    const m = fold([delta('Hel')]);
    expect(reduceTranscript(m, { type: 'audio_interrupted', itemId: 'a1', playedMs: 200 })[0]).toMatchObject({
      streaming: false,
      interrupted: true,
    });
    const end: SessionEvent = {
      type: 'agent_end',
      agent,
      responseId: 'r1',
      output: 'Hel',
      status: 'cancelled',
      usage: null,
    };
    expect(reduceTranscript(m, end)[0]).toMatchObject({ streaming: false, interrupted: true });
  });

  it('keeps an interrupted answer from streaming again when late deltas arrive', () => {
    const cut = reduceTranscript(fold([delta('Hel')]), {
      type: 'audio_interrupted',
      itemId: 'a1',
      playedMs: 200,
    });
    expect(reduceTranscript(cut, delta('Hello'))[0]).toMatchObject({
      text: 'Hello',
      streaming: false,
      interrupted: true,
    });
  });

  it('returns the same array for events that change nothing', () => {
    const m = fold([delta('Hello', true)]);
    expect(reduceTranscript(m, { type: 'speech_started', itemId: 'x', audioStartMs: 0 })).toBe(m);
    expect(reduceTranscript(m, delta('Hello', true))).toBe(m);
  });
});
