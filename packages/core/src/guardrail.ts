/**
 * Output guardrails: checks on what the agent says, run while it speaks.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';

/** What a guardrail returns. */
export interface GuardrailResult {
  /** True blocks the answer: the session interrupts it and asks for a corrected one. */
  tripwireTriggered: boolean;
  /** Anything you want to see in the `guardrail_tripped` event. */
  outputInfo?: unknown;
  /**
   * Told to the model when it is asked for a corrected answer, e.g. the policy it broke.
   * @example { tripwireTriggered: true, policyHint: 'Never quote prices; refer to the price list.' }
   */
  policyHint?: string;
}

export type GuardrailFunction<TContext = unknown> = (
  ctx: RunContext<TContext>,
  agent: RealtimeAgent<TContext>,
  output: string,
) => GuardrailResult | Promise<GuardrailResult>;

/** A named output guardrail. */
export interface OutputGuardrail<TContext = unknown> {
  readonly name: string;
  readonly execute: GuardrailFunction<TContext>;
}

/**
 * Define an output guardrail from a function or `{ name, execute }`.
 * @example
 * const noHarm = outputGuardrail(async (ctx, agent, output) => ({ tripwireTriggered: output.includes('harmful') }));
 */
export function outputGuardrail<TContext = unknown>(
  fn: GuardrailFunction<TContext> | { name: string; execute: GuardrailFunction<TContext> },
): OutputGuardrail<TContext> {
  if (typeof fn === 'function') return Object.freeze({ name: fn.name || 'output_guardrail', execute: fn });
  return Object.freeze({ name: fn.name, execute: fn.execute });
}
