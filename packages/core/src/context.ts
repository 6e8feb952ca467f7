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
