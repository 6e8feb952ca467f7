/**
 * The retry loop behind a reconnect: ask the policy, wait, try, until connected, given up or
 * cancelled. Knows nothing of sessions; the session supplies `connect` and hears each attempt.
 * @module
 */
import { ConfigError } from './errors.js';
import type { ReconnectContext, ReconnectPolicy } from './reconnect-policy.js';

/**
 * Ask `policy` for the delay of attempt `context.attempt`, treating a policy that throws or returns
 * something other than a non-negative finite number or null as giving up (with the reason).
 * @example
 * const delay = askPolicy(policy, { attempt: 1, elapsedMs: 0, reason }); // number | Error
 */
export function askPolicy(policy: ReconnectPolicy, context: ReconnectContext): number | null | Error {
  let delay: unknown;
  try {
    delay = policy.nextDelayMs(context);
  } catch (error) {
    return new ConfigError('reconnect', `reconnect.nextDelayMs threw: ${(error as Error)?.message ?? error}`);
  }
  if (delay === null) return null;
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)
    return new ConfigError(
      'reconnect',
      `reconnect.nextDelayMs must return a delay in ms (a finite number ≥ 0) or null, got ${String(delay)}`,
    );
  return delay;
}

/** One announced attempt (what the `connection` event `reconnecting` carries). */
export interface ReconnectAttempt {
  attempt: number;
  delayMs: number;
  reason: Error;
}

/**
 * Stops a running loop; core has no DOM or Node, so this stands in for an AbortController.
 * @example
 * const stop = new LoopCancel(); void reconnectLoop(reason, { ...options, signal: stop }); stop.cancel();
 */
export class LoopCancel {
  #cancelled = false;
  #listeners: (() => void)[] = [];
  get aborted(): boolean {
    return this.#cancelled;
  }
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    for (const l of this.#listeners.splice(0)) l();
  }
  /** Call `listener` once when cancelled; returns a function that removes it. */
  onCancel(listener: () => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}

export interface ReconnectLoopOptions {
  policy: ReconnectPolicy;
  /** Open a new connection; rejects when this attempt failed. */
  connect(attempt: number): Promise<void>;
  /** Called before each wait. */
  onAttempt(attempt: ReconnectAttempt): void;
  /** False for a failure no further attempt can fix (the loop then fails at once). @default () => true */
  retryable?: (error: Error) => boolean;
  /** Stops the loop (the user closed the session); the loop then resolves `cancelled`. */
  signal?: LoopCancel;
  /** @default Date.now */
  now?: () => number;
}

export type ReconnectOutcome =
  | { outcome: 'connected'; attempts: number }
  | { outcome: 'failed'; attempts: number; reason: Error }
  | { outcome: 'cancelled'; attempts: number };

function wait(ms: number, signal?: LoopCancel): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    const off = signal?.onCancel(done);
    function done() {
      clearTimeout(timer);
      off?.();
      resolve();
    }
  });
}

/**
 * Run reconnect attempts after the connection was lost for `reason`.
 * @example
 * const result = await reconnectLoop(new Error('socket lost'), {
 *   policy: exponentialBackoff(),
 *   connect: () => transport.connect(options, handlers),
 *   onAttempt: (a) => emit({ type: 'connection', state: 'reconnecting', ...a }),
 * });
 */
export async function reconnectLoop(reason: Error, options: ReconnectLoopOptions): Promise<ReconnectOutcome> {
  const now = options.now ?? Date.now;
  const { signal } = options;
  const lostAt = now();
  let last = reason;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { outcome: 'cancelled', attempts: attempt - 1 };
    const delay = askPolicy(options.policy, { attempt, elapsedMs: now() - lostAt, reason: last });
    if (delay === null) return { outcome: 'failed', attempts: attempt - 1, reason: last };
    if (delay instanceof Error) return { outcome: 'failed', attempts: attempt - 1, reason: delay };
    options.onAttempt({ attempt, delayMs: delay, reason: last });
    await wait(delay, signal);
    if (signal?.aborted) return { outcome: 'cancelled', attempts: attempt - 1 };
    try {
      await options.connect(attempt);
      if (signal?.aborted) return { outcome: 'cancelled', attempts: attempt };
      return { outcome: 'connected', attempts: attempt };
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
      if (options.retryable && !options.retryable(last))
        return { outcome: 'failed', attempts: attempt, reason: last };
    }
  }
}
