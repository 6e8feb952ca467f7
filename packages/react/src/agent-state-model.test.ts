// reduceAgentState: the turn cycle, barge-in, and a late audio chunk after audio_end (seen from
// WebRTC's tap in the React demo) that must not leave the agent "speaking".
import { RealtimeAgent, type SessionEvent } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { type AgentState, initialAgentState, reduceAgentState } from './agent-state-model.js';

const agent = new RealtimeAgent({ name: 'A', instructions: 'x' });
const audio: SessionEvent = {
  type: 'audio',
  data: new Int16Array(4),
  sampleRate: 24000,
  itemId: 'a1',
  contentIndex: 0,
  responseId: 'r1',
};
const start: SessionEvent = { type: 'agent_start', agent, responseId: 'r1' };
const end: SessionEvent = {
  type: 'agent_end',
  agent,
  responseId: 'r1',
  output: '',
  status: 'completed',
  usage: null,
};

function states(events: SessionEvent[]): AgentState[] {
  let t = initialAgentState;
  const out: AgentState[] = [t.state];
  for (const e of events) {
    t = reduceAgentState(t, e);
    if (out.at(-1) !== t.state) out.push(t.state);
  }
  return out;
}

describe('reduceAgentState', () => {
  it('idle → listening → thinking → speaking → listening, the audio outlasting the response', () => {
    expect(
      states([
        { type: 'connection', state: 'connected' },
        { type: 'speech_started', itemId: 'u1', audioStartMs: 0 },
        { type: 'speech_stopped', itemId: 'u1', audioEndMs: 900 },
        start,
        audio,
        end,
        audio,
        { type: 'audio_end', itemId: 'a1' },
      ]),
    ).toEqual(['idle', 'listening', 'thinking', 'speaking', 'listening']);
  });

  it('ignores a late chunk of an item whose audio already ended', () => {
    const s = states([
      { type: 'connection', state: 'connected' },
      start,
      audio,
      end,
      { type: 'audio_end', itemId: 'a1' },
      audio,
    ]);
    expect(s.at(-1)).toBe('listening');
  });

  it('barge-in hands the turn back to the user; a close makes it idle', () => {
    expect(
      states([
        { type: 'connection', state: 'connected' },
        start,
        audio,
        { type: 'audio_interrupted', itemId: 'a1', playedMs: 300 },
        { type: 'connection', state: 'closed' },
      ]),
    ).toEqual(['idle', 'listening', 'thinking', 'speaking', 'listening', 'idle']);
  });
});
