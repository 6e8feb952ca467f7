/**
 * What happens after an output guardrail trips: the answer is always stopped; whether the model is
 * asked for a corrected one (and after how long) is a small policy, so a model that repeats the
 * blocked content cannot loop forever.
 * @module
 */
import type { AnyAgent } from './agent.js';

/** What a guardrail retry policy is told about a trip. */
export interface GuardrailRetryContext {
  /** 1 for the first trip since the user last spoke or typed, 2 for the next, … */
  attempt: number;
  /** The guardrail that tripped. */
  guardrail: string;
  agent: AnyAgent;
  /** The text that tripped it. */
  output: string;
}

/**
 * Decides whether to ask the model for a corrected answer after a trip: milliseconds to wait
 * before asking, or `null` to stop asking (the blocked answer is stopped either way).
 * @example
 * const policy: GuardrailRetryPolicy = ({ attempt }) => (attempt <= 3 ? 0 : null);
 * new RealtimeRunner({ guardrails: { retryPolicy: policy } });
 */
export type GuardrailRetryPolicy = (context: GuardrailRetryContext) => number | null;

/**
 * The default policy: ask again at once, at most `max` times per user turn.
 * @example
 * new RealtimeRunner({ guardrails: { retryPolicy: guardrailRetryLimit(1) } });
 */
export function guardrailRetryLimit(max = 2): GuardrailRetryPolicy {
  return ({ attempt }) => (attempt <= max ? 0 : null);
}

/** Counts trips per user turn and asks the policy (a policy that throws counts as `null`). */
export class GuardrailRetries {
  readonly #policy: GuardrailRetryPolicy;
  #attempts = 0;

  constructor(policy: GuardrailRetryPolicy) {
    this.#policy = policy;
  }

  /** The user spoke or typed: a new turn starts counting at 1 again. */
  userTurn(): void {
    this.#attempts = 0;
  }

  /** A trip: the delay before the corrective request, or null for none. */
  next(trip: Omit<GuardrailRetryContext, 'attempt'>): { delayMs: number | null; error?: Error } {
    const attempt = ++this.#attempts;
    try {
      const delay = this.#policy({ ...trip, attempt });
      if (delay === null) return { delayMs: null };
      if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)
        return {
          delayMs: null,
          error: new TypeError(
            `guardrails.retryPolicy returned ${String(delay)}; return a delay in ms (a finite number ≥ 0) or null to stop asking`,
          ),
        };
      return { delayMs: delay };
    } catch (e) {
      return {
        delayMs: null,
        error: new Error(`guardrails.retryPolicy threw: ${(e as Error)?.message ?? e}`, { cause: e }),
      };
    }
  }
}

/**
 * The system message that asks the model for a corrected answer after a trip.
 * @example
 * correctionText({ guardrail: 'no_pii', outputInfo: 'an email address' });
 */
export function correctionText(trip: {
  guardrail: string;
  outputInfo: unknown;
  policyHint?: string;
}): string {
  const info =
    trip.outputInfo === undefined
      ? ''
      : ` Details: ${typeof trip.outputInfo === 'string' ? trip.outputInfo : JSON.stringify(trip.outputInfo)}.`;
  const hint = trip.policyHint ? ` Policy: ${trip.policyHint}` : '';
  return `Your last answer was blocked by the output guardrail '${trip.guardrail}'.${info}${hint} Apologize briefly and answer again without that content.`;
}
