/**
 * `useToolCalls()`: the session's tool calls, with approve / reject.
 * @module
 */
import { useSessionStore, useSlice } from './provider.js';
import type { ToolCall } from './tool-calls-model.js';

/** What {@link useToolCalls} returns. */
export interface ToolCallsState {
  /** Every call of this connection, in order. */
  calls: readonly ToolCall[];
  /** The calls waiting for the user (`needsApproval` tools). */
  pending: readonly ToolCall[];
  /** Let a pending call run. */
  approve: (callId: string) => void;
  /** Refuse a pending call; the model is told `message`. */
  reject: (callId: string, message?: string) => void;
}

/**
 * Tool calls as they are requested, run and end; approve or reject those that need approval.
 * @example
 * const { pending, approve, reject } = useToolCalls();
 * return pending.map((c) => (
 *   <p key={c.callId}>{c.toolName}? <button onClick={() => approve(c.callId)}>Yes</button>
 *   <button onClick={() => reject(c.callId)}>No</button></p>
 * ));
 */
export function useToolCalls(): ToolCallsState {
  const store = useSessionStore('useToolCalls');
  const calls = useSlice('useToolCalls', (s) => s.toolCalls);
  return {
    calls,
    pending: calls.filter((c) => c.status === 'awaiting_approval'),
    approve: (callId) => store.approveTool(callId),
    reject: (callId, message) => store.rejectTool(callId, message),
  };
}
