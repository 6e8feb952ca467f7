/**
 * Fan-out of session events to `on()` handlers and `for await` iterators. No event is lost when a
 * consumer is slow: each iterator has its own queue. Events emitted before the first iterator
 * attaches are kept for it (up to `maxBuffered`, oldest dropped first) — except the bulky `audio`
 * and `raw` events, which only live consumers receive.
 * @module
 */
import type { SessionEvent, SessionEventOf, SessionEventType } from './events.js';

type Handler<T extends SessionEventType> = (event: SessionEventOf<T>) => void;
type AnyHandler = (event: SessionEvent) => void;

/** Bulky events not kept for a late first iterator. */
const UNBUFFERED = new Set<string>(['audio', 'raw']);

interface Waiter {
  queue: SessionEvent[];
  head: number;
  wake: (() => void) | null;
}

export class EventStream {
  readonly #handlers = new Map<string, Set<AnyHandler>>();
  readonly #iterators = new Set<Waiter>();
  #early: SessionEvent[] | null = [];
  #ended = false;
  readonly #maxBuffered: number;
  readonly #onHandlerError: (error: unknown, event: SessionEvent) => void;

  constructor(options: {
    maxBuffered?: number;
    onHandlerError: (error: unknown, event: SessionEvent) => void;
  }) {
    this.#maxBuffered = options.maxBuffered ?? 1_000;
    this.#onHandlerError = options.onHandlerError;
  }

  /** True when someone would see an event of this type (lets hot paths skip building it). */
  wants(type: SessionEventType): boolean {
    return (
      this.#iterators.size > 0 ||
      (this.#early !== null && !UNBUFFERED.has(type)) ||
      (this.#handlers.get(type)?.size ?? 0) > 0 ||
      (this.#handlers.get('*')?.size ?? 0) > 0
    );
  }

  emit(event: SessionEvent): void {
    if (this.#ended) return;
    if (this.#early && !UNBUFFERED.has(event.type)) {
      if (this.#early.length >= this.#maxBuffered) this.#early.shift();
      this.#early.push(event);
    }
    for (const it of this.#iterators) {
      it.queue.push(event);
      if (it.wake) {
        const w = it.wake;
        it.wake = null;
        w();
      }
    }
    this.#call(this.#handlers.get(event.type), event);
    this.#call(this.#handlers.get('*'), event);
  }

  #call(set: Set<AnyHandler> | undefined, event: SessionEvent): void {
    if (!set) return;
    for (const h of set) {
      try {
        h(event);
      } catch (e) {
        this.#onHandlerError(e, event);
      }
    }
  }

  on<T extends SessionEventType>(type: T | '*', handler: Handler<T> | AnyHandler): () => void {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    set.add(handler as AnyHandler);
    return () => set.delete(handler as AnyHandler);
  }

  /** Stop delivering; iterators finish once their queues are drained. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const it of this.#iterators) it.wake?.();
  }

  iterate(): AsyncIterableIterator<SessionEvent> {
    const waiter: Waiter = { queue: this.#early ?? [], head: 0, wake: null };
    this.#early = null;
    this.#iterators.add(waiter);
    const done = (): IteratorResult<SessionEvent> => {
      this.#iterators.delete(waiter);
      waiter.queue = [];
      return { done: true, value: undefined };
    };
    const self = this;
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<SessionEvent>> {
        for (;;) {
          if (waiter.head < waiter.queue.length) {
            const value = waiter.queue[waiter.head++]!;
            if (waiter.head > 1024 && waiter.head * 2 > waiter.queue.length) {
              waiter.queue = waiter.queue.slice(waiter.head);
              waiter.head = 0;
            }
            return { done: false, value };
          }
          if (self.#ended || !self.#iterators.has(waiter)) return done();
          await new Promise<void>((resolve) => {
            waiter.wake = resolve;
          });
        }
      },
      async return(): Promise<IteratorResult<SessionEvent>> {
        return done();
      },
    };
  }
}
