/**
 * A call prepared before the click (`transport.prepare()`): dialled up to the confirmed session
 * config, then idle until a `connect` claims it. It closes itself when unused for `idleTimeoutMs`
 * or when the connection drops while idle (the next connect then starts a fresh call); a failure
 * is kept and reported, naming the stage, by the next `connect`.
 * @module
 */
import { TransportError, type TransportPrepareOptions } from '@realtime-agents/core';
import { WebRtcCall } from './call.js';
import type { WebRtcTransportOptions } from './options.js';

/**
 * Where a transport's preparation stands: `none` (never prepared, or claimed by a connect),
 * `preparing`, `ready` (idle, waiting for a connect), `failed` (the next connect reports why),
 * `expired` (closed after `idleTimeoutMs` unused, or dropped while idle: the next connect starts afresh).
 * @example if (transport.preparation === 'expired') void runner.prepare(agent);
 */
export type PreparationState = 'none' | 'preparing' | 'ready' | 'failed' | 'expired';

/** Default idle timeout when the caller gives none (the runner passes its own default). */
const IDLE_MS = 60_000;

const closedWhilePreparing = () =>
  new TransportError('closed', 'The WebRTC transport was closed while preparing.');

/** One prepared call. */
export class Preparation {
  readonly call: WebRtcCall;
  /** Settles when the call is prepared; rejects with the `prepare_failed` error. Already handled. */
  readonly done: Promise<void>;
  #state: PreparationState | 'claimed' | 'closed' = 'preparing';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unwatch: (() => void) | null = null;

  constructor(options: WebRtcTransportOptions, prepare: TransportPrepareOptions, muted: boolean) {
    this.call = new WebRtcCall({ options, connect: prepare, handlers: null, muted, onLost: () => undefined });
    this.done = this.call.prepare().then(
      () => {
        if (this.#state !== 'preparing') throw closedWhilePreparing();
        this.#state = 'ready';
        this.#timer = setTimeout(() => this.#end('expired'), prepare.idleTimeoutMs ?? IDLE_MS);
        this.#unwatch = this.#watchIdle();
      },
      (cause: Error) => {
        const stage = this.call.stage;
        this.call.close();
        if (this.#state !== 'preparing') throw closedWhilePreparing();
        this.#state = 'failed';
        throw new TransportError(
          'prepare_failed',
          `WebRTC prepare() failed while waiting for ${stage}: ${cause?.message ?? cause} — connect again to start a new call, or call prepare() again.`,
          { cause },
        );
      },
    );
    this.done.catch(() => undefined);
  }

  /** `preparing`, `ready`, `failed` or `expired` (a claimed or closed one reads `none`). */
  get state(): PreparationState {
    return this.#state === 'claimed' || this.#state === 'closed' ? 'none' : this.#state;
  }

  /**
   * For `connect`: the prepared call (waiting for it if still preparing), or null when it expired
   * or dropped while idle. Throws the `prepare_failed` error when preparing failed.
   */
  async claim(): Promise<WebRtcCall | null> {
    await this.done;
    if (this.#state !== 'ready') return null;
    this.#state = 'claimed';
    this.#stop();
    return this.call;
  }

  /** Release the prepared call (transport `close()`, a new preparation). Idempotent. */
  close(): void {
    if (this.#state === 'claimed') return;
    this.#end('closed');
  }

  #end(state: 'expired' | 'closed'): void {
    if (this.#state === 'closed' || this.#state === 'claimed') return;
    if (this.#state !== 'failed') this.#state = state;
    this.#stop();
    this.call.close();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#unwatch?.();
    this.#unwatch = null;
  }

  /** While idle, a failed or closed peer or a closed channel ends the preparation (connect starts afresh). */
  #watchIdle(): () => void {
    const { pc, channel } = this.call;
    const onState = () => {
      const s = pc.connectionState;
      if (s === 'failed' || s === 'closed' || s === 'disconnected') this.#end('expired');
    };
    const onClose = () => this.#end('expired');
    pc.addEventListener('connectionstatechange', onState);
    channel.addEventListener('close', onClose);
    return () => {
      pc.removeEventListener('connectionstatechange', onState);
      channel.removeEventListener('close', onClose);
    };
  }
}
