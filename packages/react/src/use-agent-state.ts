/**
 * `useAgentState()`: idle, listening, thinking or speaking.
 * @module
 */
import type { AgentState } from './agent-state-model.js';
import { useSlice } from './provider.js';

/**
 * What the agent is doing now, from speech, response and audio events: `idle` (not connected),
 * `listening`, `thinking` (a response started, no audio yet) or `speaking` (audio playing).
 * @example
 * const state = useAgentState();
 * return <div data-state={state}>{state === 'speaking' ? '🔊' : state}</div>;
 */
export function useAgentState(): AgentState {
  return useSlice(
    'useAgentState',
    (s) => s.agentState,
    (t) => t.state,
  );
}
