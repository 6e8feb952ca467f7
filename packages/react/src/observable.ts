/**
 * `Observable`: one value React reads with `useSyncExternalStore`; listeners run only when it changes.
 * @module
 */

/**
 * A value with change listeners (the store keeps one per slice, so a component re-renders only
 * when its own slice changes).
 * @example
 * const count = new Observable(0);
 * const stop = count.subscribe(() => console.log(count.get()));
 * count.set(1); // logs 1
 */
export class Observable<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();

  constructor(value: T) {
    this.#value = value;
  }

  /** The current value (stable between changes). */
  readonly get = (): T => this.#value;

  /** Replace the value; listeners run when it is a different value. */
  set(value: T): void {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Listen for changes; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };
}
