/**
 * A minimal typed event emitter: `on` returns an unsubscribe function, listener errors never
 * break the emitter (they are reported on `queueMicrotask` so they still surface).
 * @module
 */

/** Unsubscribes a listener. */
export type Unsubscribe = () => void;

/** Typed `on`/`off`/`once` over an event map `{ name: payload }`. */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Listen to `type`; returns a function that removes the listener. */
  on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): Unsubscribe {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener as (payload: never) => void);
    return () => this.off(type, listener);
  }

  /** Listen to the next `type` event only. */
  once<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): Unsubscribe {
    const off = this.on(type, (p) => {
      off();
      listener(p);
    });
    return off;
  }

  /** Remove a listener. */
  off<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): void {
    this.#listeners.get(type)?.delete(listener as (payload: never) => void);
  }

  /** True when someone listens to `type`. */
  has(type: keyof Events): boolean {
    return (this.#listeners.get(type)?.size ?? 0) > 0;
  }

  /** Resolve with the next `type` event. */
  next<K extends keyof Events>(type: K): Promise<Events[K]> {
    return new Promise((resolve) => this.once(type, resolve));
  }

  protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.#listeners.get(type);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as (p: Events[K]) => void)(payload);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
