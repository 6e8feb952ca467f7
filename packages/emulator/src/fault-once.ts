/**
 * Faults that fire once. A request that names faults (query or header) may also carry a once key
 * (`?emulator_fault_once=<key>` or `x-emulator-fault-once: <key>`): the first request with that key
 * gets its faults, every later one with the same key gets none of them (only the emulator-wide
 * `faults` option still applies). A client that reconnects with the same URL and headers therefore
 * meets the fault on its first link and a clean server on the reconnect. An after key
 * (`?emulator_fault_after=<key>` / `x-emulator-fault-after`) is the reverse, with its own set of
 * keys: the first request is clean, every later one gets the faults (a fault on reconnect only).
 * @module
 */

/**
 * The once keys already used, oldest forgotten first once more than `limit` are held.
 * @example
 * const once = new FaultOnceKeys();
 * once.claim('k1'); // true: first use, the faults apply
 * once.claim('k1'); // false: used, the faults are skipped
 */
export class FaultOnceKeys {
  readonly #used = new Set<string>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  /** True the first time `key` is seen (and records it), false afterwards. */
  claim(key: string): boolean {
    if (this.#used.has(key)) return false;
    this.#used.add(key);
    if (this.#used.size > this.#limit) {
      const oldest = this.#used.values().next().value as string;
      this.#used.delete(oldest);
    }
    return true;
  }
}
