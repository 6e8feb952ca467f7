/**
 * A WebSocket prepared before the click (`transport.prepare()`): opened and confirmed up to the
 * session config, then idle until a `connect` claims it. It closes itself when unused for
 * `idleTimeoutMs` or when the server closes it while idle (the next connect then opens a fresh
 * socket); a failure is kept and reported, naming the stage, by the next `connect`. The same states
 * and rules as the WebRTC transport's preparation (whose class lives in that package).
 * @module
 */
import type { WebSocketConnection } from './websocket-connection.js';

/**
 * Where a transport's preparation stands: `none` (never prepared, or claimed by a connect),
 * `preparing`, `ready` (idle, waiting for a connect), `failed` (the next connect reports why),
 * `expired` (closed after `idleTimeoutMs` unused, or closed by the server while idle: the next
 * connect opens a fresh socket).
 * @example if (transport.preparation === 'expired') void runner.prepare(agent);
 */
export type PreparationState = 'none' | 'preparing' | 'ready' | 'failed' | 'expired';

/** Default idle timeout when the caller gives none (the runner passes its own default). */
const IDLE_MS = 60_000;

/** One prepared socket. */
export class Preparation {
  readonly connection: WebSocketConnection;
  /** Settles when the socket is prepared; rejects with the `prepare_failed` error. Already handled. */
  readonly done: Promise<void>;
  #state: PreparationState | 'claimed' | 'closed' = 'preparing';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #error: Error | undefined;

  /**
   * Prepare `connection` (created with no handlers, its `onLost` calling {@link lost}). It is given
   * rather than built here, and the errors come from the connection, so this module (loaded on the
   * first `prepare()`) shares no code with the entry chunk (see bundle.test.ts).
   */
  constructor(connection: WebSocketConnection, idleTimeoutMs = IDLE_MS) {
    this.connection = connection;
    this.done = connection.prepare().then(
      () => {
        this.#state = 'ready';
        this.#timer = setTimeout(() => this.#end('expired'), idleTimeoutMs);
      },
      (cause: Error) => {
        connection.close();
        if (this.#state === 'preparing') this.#state = 'failed';
        this.#error = cause;
        throw cause;
      },
    );
    this.done.catch(() => undefined);
  }

  /** `preparing`, `ready`, `failed` or `expired` (a claimed or closed one reads `none`). */
  get state(): PreparationState {
    return this.#state === 'claimed' || this.#state === 'closed' ? 'none' : this.#state;
  }

  /**
   * For a `connect` to `url`, once {@link done} settled: the prepared connection, or null when it
   * expired, was closed while idle, or goes to another URL (released then). Throws the
   * `prepare_failed` error when preparing failed.
   */
  claim(url: string): WebSocketConnection | null {
    const same = url === this.connection.url;
    if (same && this.#state === 'failed') throw this.#error;
    if (!same || this.#state !== 'ready') {
      this.close();
      return null;
    }
    this.#state = 'claimed';
    clearTimeout(this.#timer);
    return this.connection;
  }

  /** The server closed the idle socket: the next connect opens a fresh one. */
  lost(): void {
    this.#end('expired');
  }

  /** Release the prepared socket (transport `close()`, a new preparation). Idempotent. */
  close(): void {
    if (this.#state === 'claimed') return;
    this.#end('closed');
  }

  #end(state: 'expired' | 'closed'): void {
    if (this.#state === 'closed' || this.#state === 'claimed') return;
    if (this.#state !== 'failed') this.#state = state;
    clearTimeout(this.#timer);
    this.connection.close();
  }
}
