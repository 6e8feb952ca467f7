/**
 * Tool calls of the session and where each stands (pure, no React).
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';

/** Where a tool call stands. */
export type ToolCallStatus = 'awaiting_approval' | 'running' | 'done' | 'failed' | 'rejected';

/** One call of a function tool. */
export interface ToolCall {
  callId: string;
  toolName: string;
  /** The agent whose tool it is. */
  agentName: string;
  /** The parsed arguments. */
  arguments: unknown;
  status: ToolCallStatus;
  /** What the tool returned (or the error text), once it ended. */
  output?: unknown;
}

type Calls = readonly ToolCall[];

/**
 * The calls after `event` (or after the user's decision: `{ type: 'decided', callId, approved }`);
 * the same array when nothing changed.
 * @example
 * let calls: readonly ToolCall[] = [];
 * session.on('*', (e) => (calls = reduceToolCalls(calls, e)));
 */
export function reduceToolCalls(calls: Calls, event: SessionEvent | ToolDecision): Calls {
  switch (event.type) {
    case 'tool_approval_requested':
    case 'tool_start': {
      const status = event.type === 'tool_start' ? 'running' : 'awaiting_approval';
      const call: ToolCall = {
        callId: event.callId,
        toolName: event.toolName,
        agentName: event.agent.name,
        arguments: event.arguments,
        status,
      };
      const i = calls.findIndex((c) => c.callId === event.callId);
      return i < 0 ? [...calls, call] : calls.map((c, j) => (j === i ? { ...c, status } : c));
    }
    case 'tool_end':
      return calls.some((c) => c.callId === event.callId)
        ? calls.map((c) =>
            c.callId !== event.callId
              ? c
              : {
                  ...c,
                  output: event.output,
                  status: c.status === 'rejected' ? 'rejected' : endStatus(event.ok),
                },
          )
        : calls;
    case 'decided':
      return calls.map((c) =>
        c.callId === event.callId && c.status === 'awaiting_approval'
          ? { ...c, status: event.approved ? 'running' : 'rejected' }
          : c,
      );
    default:
      return calls;
  }
}

/** The user approved or rejected a call. */
export interface ToolDecision {
  type: 'decided';
  callId: string;
  approved: boolean;
}

const endStatus = (ok: boolean): ToolCallStatus => (ok ? 'done' : 'failed');
