/**
 * A connection prepared before the click (`transport.prepare()`), as every transport keeps it:
 * prepared up to the confirmed session config, then idle until a `connect` takes it. It closes
 * itself when unused for `idleTimeoutMs` or when it drops while idle (the next connect then starts
 * afresh); a failure is kept for the next `connect` to report.
 * @module
 */

/**
 * Where a transport's preparation stands: `none` (never prepared, or taken by a connect),
 * `preparing`, `ready` (idle, waiting for a connect), `failed` (the next connect reports why),
 * `expired` (closed after `idleTimeoutMs` unused, or dropped while idle: the next connect starts afresh).
 * @example if (transport.preparation === 'expired') void runner.prepare(agent);
 */
export type PreparationState = 'none' | 'preparing' | 'ready' | 'failed' | 'expired';

/** Default idle timeout when the caller gives none (the runner passes its own default). */
export const PREPARED_IDLE_MS = 60_000;

/** How a transport's link is prepared and watched. */
export interface PreparedLinkOptions {
  /** Resolves when the link is prepared (config confirmed); rejects with why it is not. */
  preparing: Promise<void>;
  /** Close the idle link after this many ms unused. @default PREPARED_IDLE_MS */
  idleTimeoutMs?: number;
  /** The error the next connect reports for a failed preparation (e.g. `prepare_failed` naming the stage). */
  failure(cause: Error): Error;
  /** The error when the link was closed while still preparing. */
  closedWhilePreparing(): Error;
  /** While idle, call `end` when the link drops; returns how to stop watching. */
  watchIdle?(end: () => void): () => void;
}

/**
 * One prepared link (a call, a socket).
 * @example
 * const prep = new PreparedLink(socket, { preparing: socket.prepare(), failure: (e) => e, closedWhilePreparing });
 * await prep.done.catch(() => undefined);
 * const taken = prep.take(); // the socket, or null when it expired
 */
export class PreparedLink<T extends { close(): void }> {
  readonly link: T;
  /** Settles when the link is prepared; rejects with the failure. Already handled. */
  readonly done: Promise<void>;
  #state: PreparationState | 'taken' | 'closed' = 'preparing';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unwatch: (() => void) | null = null;
  #error: Error | undefined;

  constructor(link: T, o: PreparedLinkOptions) {
    this.link = link;
    this.done = o.preparing.then(
      () => {
        if (this.#state !== 'preparing') throw o.closedWhilePreparing();
        this.#state = 'ready';
        this.#timer = setTimeout(() => this.#end('expired'), o.idleTimeoutMs ?? PREPARED_IDLE_MS);
        this.#unwatch = o.watchIdle?.(() => this.#end('expired')) ?? null;
      },
      (cause: Error) => {
        link.close();
        if (this.#state !== 'preparing') throw o.closedWhilePreparing();
        this.#state = 'failed';
        this.#error = o.failure(cause);
        throw this.#error;
      },
    );
    this.done.catch(() => undefined);
  }

  /** `preparing`, `ready`, `failed` or `expired` (a taken or closed one reads `none`). */
  get state(): PreparationState {
    return this.#state === 'taken' || this.#state === 'closed' ? 'none' : this.#state;
  }

  /**
   * For `connect`, once {@link done} settled: the prepared link, or null when it expired or was
   * closed. Throws the failure when preparing failed.
   */
  take(): T | null {
    if (this.#state === 'failed') throw this.#error;
    if (this.#state !== 'ready') return null;
    this.#state = 'taken';
    this.#stop();
    return this.link;
  }

  /** The link dropped while idle: the next connect starts afresh. */
  lost(): void {
    this.#end('expired');
  }

  /** Release the prepared link (transport `close()`, a new preparation). Idempotent. */
  close(): void {
    this.#end('closed');
  }

  #end(state: 'expired' | 'closed'): void {
    if (this.#state === 'closed' || this.#state === 'taken') return;
    if (this.#state !== 'failed') this.#state = state;
    this.#stop();
    this.link.close();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#unwatch?.();
    this.#unwatch = null;
  }
}
