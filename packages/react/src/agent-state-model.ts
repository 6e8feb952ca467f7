/**
 * What the agent is doing, from speech, response and audio events (pure, no React).
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';

/**
 * `idle` (not connected), `listening` (the user's turn), `thinking` (the user finished or a
 * response started, no audio yet), `speaking` (assistant audio is playing).
 */
export type AgentState = 'idle' | 'listening' | 'thinking' | 'speaking';

/** The state plus what it is derived from. */
export interface AgentStateTracker {
  state: AgentState;
  /** A response is in progress. */
  responding: boolean;
  /** Assistant audio is playing (from the first `audio` until `audio_end` / `audio_interrupted`). */
  playing: boolean;
  /** Items whose audio ended (the newest few): a late tail chunk of one of them starts nothing. */
  ended: readonly string[];
}

/** Where every session starts. */
export const initialAgentState: AgentStateTracker = {
  state: 'idle',
  responding: false,
  playing: false,
  ended: [],
};

/**
 * The tracker after `event`; the same object when nothing changed.
 * @example
 * let t = initialAgentState;
 * session.on('*', (e) => (t = reduceAgentState(t, e)));
 * t.state; // 'listening'
 */
export function reduceAgentState(t: AgentStateTracker, event: SessionEvent): AgentStateTracker {
  switch (event.type) {
    case 'connection':
      if (event.state === 'connected') return next(t, { state: t.state === 'idle' ? 'listening' : t.state });
      if (event.state === 'closed' || event.state === 'failed') return initialAgentState;
      return t;
    case 'speech_started':
      return next(t, { state: 'listening' });
    case 'speech_stopped':
      return next(t, { state: t.playing ? 'speaking' : 'thinking' });
    case 'agent_start':
      return next(t, { responding: true, state: t.playing ? 'speaking' : 'thinking' });
    case 'audio':
      // WebRTC's tap can deliver a last chunk of an item after its audio_end
      return t.ended.includes(event.itemId) ? t : next(t, { playing: true, state: 'speaking' });
    case 'audio_end':
      return next(t, {
        playing: false,
        state: t.responding ? 'thinking' : 'listening',
        ended: end(t, event.itemId),
      });
    case 'audio_interrupted':
      return next(t, { playing: false, state: 'listening', ended: end(t, event.itemId) });
    case 'agent_end':
      return next(t, { responding: false, state: t.playing ? 'speaking' : 'listening' });
    default:
      return t;
  }
}

function next(t: AgentStateTracker, patch: Partial<AgentStateTracker>): AgentStateTracker {
  const n = { ...t, ...patch };
  return n.state === t.state &&
    n.responding === t.responding &&
    n.playing === t.playing &&
    n.ended === t.ended
    ? t
    : n;
}

const end = (t: AgentStateTracker, itemId: string) =>
  t.ended.includes(itemId) ? t.ended : [...t.ended.slice(-7), itemId];
