/**
 * The context passed to instructions, tools, handoffs and guardrails.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { HistoryItem } from './history.js';

/**
 * What a tool, guardrail or dynamic instruction sees of the running session.
 * @example
 * tool({ name: 'whoami', parameters: z.object({}), execute: (_a, ctx) => ctx.context.userId })
 */
export interface RunContext<TContext = unknown> {
  /** Your own value, from `runner.session(agent, { context })`. */
  context: TContext;
  /** The agent currently speaking. */
  agent: RealtimeAgent<TContext>;
  /** The conversation so far. */
  history: readonly HistoryItem[];
}

/**
 * What a tool's `execute` and `needsApproval` see: the run context and the call being run.
 * @example
 * tool({ name: 'lookup', parameters, execute: (args, ctx) => log(ctx.callId, args) })
 */
export interface ToolContext<TContext = unknown> extends RunContext<TContext> {
  /** The model's `call_id` of this call (as in `tool_start` / `tool_end`). */
  callId: string;
}
