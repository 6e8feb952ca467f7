/**
 * How many times the demo's guardrail may ask for a corrected answer within one user turn.
 * The core asks the model again after every trip; a backend that repeats the blocked content (the
 * emulator quotes the user) would loop forever, so after the budget is spent the page cancels the
 * offending answer itself instead of tripping again.
 * @module
 */

/** A per-turn retry budget. */
export class RetryBudget {
  readonly max: number;
  #used = 0;

  constructor(max = 2) {
    this.max = max;
  }

  /** Use one retry; false once the budget is spent. */
  take(): boolean {
    if (this.#used >= this.max) return false;
    this.#used++;
    return true;
  }

  get exhausted(): boolean {
    return this.#used >= this.max;
  }

  /** A new user turn: the budget is full again. */
  reset(): void {
    this.#used = 0;
  }
}
