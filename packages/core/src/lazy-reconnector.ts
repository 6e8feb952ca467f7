/**
 * The reconnector, loaded on demand: its code (the loop, the re-seed, the hold) is a chunk of its
 * own. The session starts loading it as it connects, in parallel with the transport, so a drop finds
 * it ready; a drop that comes before it waits for it. An app with `reconnect: false` never loads it.
 * @module
 */
import { TransportError } from './errors.js';
import type { ReconnectHold } from './reconnect-hold.js';
import { exponentialBackoff, type ReconnectPolicy } from './reconnect-policy.js';
import type { Reconnector, ReconnectorDeps } from './reconnector.js';

/**
 * How long a connected session waits at most for the code still loading: a load that stalls must
 * not hold up the session (a drop then waits for it instead).
 */
const GRACE_MS = 2000;

/**
 * Start loading the reconnect code (for `runner.prepare()`: the session then finds it loaded).
 * @example
 * void prefetchReconnector();
 */
export const prefetchReconnector = (): Promise<typeof import('./reconnector.js')> =>
  import('./reconnector.js');

/** What the reconnector works with; `policy` undefined is the default `exponentialBackoff()`. */
export type LazyReconnectorDeps = Omit<ReconnectorDeps, 'policy'> & {
  policy: ReconnectPolicy | false | undefined;
};

/**
 * The session's reconnector once loaded; until then (or if loading failed) it stands in for it.
 * @example
 * const reconnector = new LazyReconnector(deps);
 * await reconnector.alongside(transport.connect(…));
 * reconnector.connected();
 */
export class LazyReconnector {
  readonly #deps: LazyReconnectorDeps;
  #loading: Promise<void> | null = null;
  #loaded: Reconnector | null = null;
  #failure: { cause: unknown } | null = null;
  /** `connected()` came before the code: arm the rollover once it is here. */
  #connectedEarly = false;

  constructor(deps: LazyReconnectorDeps) {
    this.#deps = deps;
  }

  /** True when drops are survived (a policy is set). */
  get enabled(): boolean {
    return this.#deps.policy !== false;
  }

  /** Input held while reconnecting (there is a hold whenever the session is reconnecting). */
  get hold(): ReconnectHold | undefined {
    return this.#loaded?.hold;
  }

  /** Load the code once (nothing when reconnecting is off); never rejects: a failure is told at the drop. */
  load(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.#loading ??= prefetchReconnector().then(
      (m) => {
        // the default policy is made here: the chunk then shares no code with the up-front bundle
        const policy = this.#deps.policy ?? exponentialBackoff();
        this.#loaded = new m.Reconnector({ ...this.#deps, policy });
        if (this.#connectedEarly && this.#deps.open()) this.#loaded.connected();
      },
      (cause) => {
        this.#failure = { cause };
      },
    );
    return this.#loading;
  }

  /**
   * Load the code while `connecting` runs; once connected, wait for it at most `GRACE_MS` more (it is
   * almost always here by then, so a drop is handled at once). Rejects only as `connecting` does.
   */
  async alongside(connecting: Promise<void>): Promise<void> {
    const loaded = this.load();
    await connecting;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([loaded, new Promise<void>((r) => (timer = setTimeout(r, GRACE_MS)))]);
    clearTimeout(timer);
  }

  /** A connection is up: arm the rollover timer. */
  connected(): void {
    if (this.#loaded) this.#loaded.connected();
    else this.#connectedEarly = true;
  }

  /** The link is gone: reconnect, or end the session if the reconnect code could not be loaded. */
  lost(reason: Error): void {
    if (this.#loaded) {
      this.#loaded.lost(reason);
      return;
    }
    if (!this.#failure) {
      // a drop before the code is here waits for it (the session started loading it as it connected)
      void this.load().then(() => this.lost(reason));
      return;
    }
    if (!this.#deps.open()) return;
    const { cause } = this.#failure;
    const d = this.#deps;
    d.emit({ type: 'connection', state: 'disconnected', error: reason });
    const why = `The connection was lost (${reason.message}) and could not be made again: loading the reconnect code failed: ${(cause as Error)?.message ?? cause}`;
    d.emit({ type: 'error', error: new TransportError('reconnect_unavailable', why, { cause }) });
    d.emit({ type: 'connection', state: 'failed', error: reason });
    d.close();
  }

  /** The session expired: roll over (false when reconnecting is off, or its code failed to load). */
  expired(message: string): boolean {
    return this.#loaded?.expired(message) ?? false;
  }

  /** The session closed: stop the loop, the timer and the hold. */
  close(): void {
    this.#loaded?.close();
  }
}
