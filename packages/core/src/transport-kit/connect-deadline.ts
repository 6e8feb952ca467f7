/**
 * One timeout over all the stages of a connect (key, handshake, session.updated, microphone):
 * every awaited step races it, and the error names the stage that was awaited when it fired.
 * @module
 */
import { TransportError } from '../errors.js';

/** Options of {@link ConnectDeadline}. */
export interface ConnectDeadlineOptions {
  timeoutMs: number;
  /** The first stage (e.g. `resolving the key`). */
  stage: string;
  /** The `connect_timeout` message for the stage that was awaited. */
  message(stage: string, timeoutMs: number): string;
  /** Called once when the deadline fires (e.g. to abort a fetch). */
  onTimeout?(): void;
}

/**
 * A staged connect deadline. `step` races a promise against the deadline (and against `fail`);
 * `clear` stops the timer once the connect settled.
 * @example
 * const deadline = new ConnectDeadline({ timeoutMs: 15000, stage: 'resolving the key', message: (s, ms) => `Timed out after ${ms} ms ${s}` });
 * try {
 *   const key = await deadline.step(fetchKey());
 *   await deadline.step(openSocket(key), 'waiting for the WebSocket handshake');
 * } finally { deadline.clear(); }
 */
export class ConnectDeadline {
  #stage: string;
  #timer: unknown;
  #reject!: (error: Error) => void;
  readonly #failed: Promise<never>;

  constructor(options: ConnectDeadlineOptions) {
    this.#stage = options.stage;
    this.#failed = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this.#failed.catch(() => undefined);
    this.#timer = setTimeout(() => {
      this.#reject(new TransportError('connect_timeout', options.message(this.#stage, options.timeoutMs)));
      options.onTimeout?.();
    }, options.timeoutMs);
  }

  /** The stage being awaited. */
  get stage(): string {
    return this.#stage;
  }
  set stage(stage: string) {
    this.#stage = stage;
  }

  /** Await `promise` (entering `stage` first, when given) unless the deadline fires or `fail` is called. */
  step<T>(promise: Promise<T>, stage?: string): Promise<T> {
    if (stage !== undefined) this.#stage = stage;
    return Promise.race([promise, this.#failed]);
  }

  /** End the connect with `error`: the awaited step (and every later one) rejects with it. First wins. */
  fail(error: Error): void {
    this.#reject(error);
  }

  /** Stop the timer. */
  clear(): void {
    clearTimeout(this.#timer);
  }
}
