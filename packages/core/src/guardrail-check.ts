/**
 * Debounced output-guardrail checks for one response: every `debounce` characters and once on
 * the final text. At most one trip per response.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';
import type { OutputGuardrail } from './guardrail.js';

export interface Trip {
  guardrail: string;
  outputInfo: unknown;
  output: string;
  /** The guardrail's hint for the corrected answer. */
  policyHint?: string;
}

export class GuardrailCheck<TContext> {
  #text = '';
  #nextAt: number;
  #tripped = false;
  #finalRun = false;
  readonly #agent: RealtimeAgent<TContext>;
  /** The session's guardrails, then the agent's. */
  readonly #guardrails: readonly OutputGuardrail<TContext>[];
  readonly #debounce: number;
  readonly #ctx: () => RunContext<TContext>;
  readonly #onTrip: (trip: Trip) => void;
  readonly #onError: (error: Error) => void;

  constructor(opts: {
    agent: RealtimeAgent<TContext>;
    sessionGuardrails?: readonly OutputGuardrail<TContext>[];
    debounce: number;
    ctx: () => RunContext<TContext>;
    onTrip: (trip: Trip) => void;
    onError: (error: Error) => void;
  }) {
    this.#agent = opts.agent;
    this.#guardrails = [...(opts.sessionGuardrails ?? []), ...opts.agent.outputGuardrails];
    this.#debounce = opts.debounce;
    this.#nextAt = opts.debounce;
    this.#ctx = opts.ctx;
    this.#onTrip = opts.onTrip;
    this.#onError = opts.onError;
  }

  get text(): string {
    return this.#text;
  }

  /** Add output text; runs the guardrails when another `debounce` characters have arrived. */
  add(delta: string): void {
    this.#text += delta;
    if (this.#guardrails.length === 0 || this.#tripped) return;
    if (this.#text.length >= this.#nextAt) {
      this.#nextAt = (Math.floor(this.#text.length / this.#debounce) + 1) * this.#debounce;
      void this.#run(this.#text);
    }
  }

  /** Replace the text with the final one (a `.done` event) without triggering a debounce run. */
  setFinal(text: string): void {
    if (text.length >= this.#text.length) this.#text = text;
  }

  /** The response is done: check the final text once. */
  final(): Promise<void> {
    if (this.#finalRun || this.#tripped || this.#guardrails.length === 0 || this.#text === '') {
      return Promise.resolve();
    }
    this.#finalRun = true;
    return this.#run(this.#text);
  }

  async #run(text: string): Promise<void> {
    const ctx = this.#ctx();
    const results = await Promise.all(
      this.#guardrails.map(async (g) => {
        try {
          const r = await g.execute(ctx, this.#agent, text);
          return { g, r };
        } catch (e) {
          this.#onError(
            new Error(`Output guardrail '${g.name}' threw: ${(e as Error)?.message ?? e}`, { cause: e }),
          );
          return { g, r: null };
        }
      }),
    );
    if (this.#tripped) return;
    const hit = results.find((x) => x.r?.tripwireTriggered === true);
    if (!hit) return;
    this.#tripped = true;
    const policyHint = hit.r?.policyHint;
    this.#onTrip({
      guardrail: hit.g.name,
      outputInfo: hit.r?.outputInfo,
      output: text,
      ...(policyHint && { policyHint }),
    });
  }
}
