/**
 * A tripped output guardrail: the answer stops at once (cancel, and cut playback at what was heard),
 * `guardrail_tripped` is emitted, and the model is asked for a corrected answer when the retry
 * policy says so.
 * @module
 */
import type { AnyAgent } from './agent.js';
import type { SessionEvent } from './events.js';
import type { Trip } from './guardrail-check.js';
import { correctionText, type GuardrailRetries } from './guardrail-retry.js';
import type { ItemInput } from './protocol/items.js';

/** What a re-ask needs from the session. */
export interface GuardrailReaskDeps {
  retries: GuardrailRetries;
  /** True while the session is open (a trip while reconnecting or closed is ignored). */
  open(): boolean;
  /** Stop the answer now. */
  interrupt(): void;
  createItem(item: ItemInput): void;
  requestResponse(): void;
  emit(event: SessionEvent): void;
}

/**
 * Handles trips for one session.
 * @example
 * const reask = new GuardrailReask(deps);
 * reask.tripped('resp_1', agent, { guardrail: 'no_pii', output: '…', outputInfo: undefined });
 */
export class GuardrailReask {
  readonly #d: GuardrailReaskDeps;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: GuardrailReaskDeps) {
    this.#d = deps;
  }

  tripped(responseId: string, agent: AnyAgent, trip: Trip): void {
    const d = this.#d;
    if (!d.open()) return;
    const retry = d.retries.next({ guardrail: trip.guardrail, agent, output: trip.output });
    if (retry.error) d.emit({ type: 'error', error: retry.error });
    const { guardrail, output, outputInfo, policyHint } = trip;
    const retrying = retry.delayMs !== null;
    d.emit({
      type: 'guardrail_tripped',
      guardrail,
      agent,
      responseId,
      output,
      outputInfo,
      retrying,
      ...(policyHint && { policyHint }),
    });
    d.interrupt();
    if (retry.delayMs === null) return;
    const reask = () => {
      this.#timer = null;
      d.createItem({
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: correctionText(trip) }],
      });
      d.requestResponse();
    };
    if (retry.delayMs > 0) this.#timer = setTimeout(reask, retry.delayMs);
    else reask();
  }

  /** The session closed: a re-ask that waits is dropped. */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
