/**
 * When and how often a dropped session tries again: a policy object in the manner of LiveKit's
 * `ReconnectPolicy`, asked once per attempt.
 * @module
 */
import { ConfigError } from './errors.js';
import { checkReconnect } from './reconnect-option.js';

/** What a policy is told before each reconnect attempt. */
export interface ReconnectContext {
  /** 1 for the first attempt after a drop, then 2, 3, … */
  attempt: number;
  /** Milliseconds since the connection was lost. */
  elapsedMs: number;
  /** Why the connection was lost, or why the last attempt failed. */
  reason: Error;
}

/**
 * Decides the delay before the next reconnect attempt; `null` gives up (the session then closes
 * with a `connection` event `failed`).
 * @example
 * const patient: ReconnectPolicy = { nextDelayMs: ({ attempt }) => (attempt <= 10 ? 1000 : null) };
 * new RealtimeRunner({ reconnect: patient, transport });
 */
export interface ReconnectPolicy {
  nextDelayMs(context: ReconnectContext): number | null;
}

/** Options of {@link exponentialBackoff}. */
export interface BackoffOptions {
  /** Delay before the first attempt. @default 250 */
  initialDelayMs?: number;
  /** Upper bound of one delay. @default 5000 */
  maxDelayMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Each delay is randomised by ± this fraction, so many clients do not retry in step. @default 0.2 */
  jitter?: number;
  /** Give up after this many attempts. @default 8 */
  maxAttempts?: number;
  /** Give up once this long has passed since the drop. @default 30000 */
  maxElapsedMs?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). @default Math.random */
  random?: () => number;
}

function check(
  name: keyof BackoffOptions,
  value: number,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      max === Number.POSITIVE_INFINITY ? `a finite number ≥ ${min}` : `a number from ${min} to ${max}`;
    throw new ConfigError(`reconnect.${name}`, `reconnect.${name} must be ${range}, got ${String(value)}`);
  }
  return value;
}

/**
 * The default policy: exponential backoff with jitter, bounded by attempts and by time.
 * With the defaults the delays are about 250, 500, 1000, 2000, 4000, 5000, 5000, 5000 ms.
 * @example
 * new RealtimeRunner({ reconnect: exponentialBackoff({ maxAttempts: 4 }), transport });
 */
export function exponentialBackoff(options: BackoffOptions = {}): ReconnectPolicy {
  const initial = check('initialDelayMs', options.initialDelayMs ?? 250, 0);
  const max = check('maxDelayMs', options.maxDelayMs ?? 5000, initial);
  const factor = check('factor', options.factor ?? 2, 1);
  const jitter = check('jitter', options.jitter ?? 0.2, 0, 1);
  const maxAttempts = check('maxAttempts', options.maxAttempts ?? 8, 1);
  const maxElapsedMs = check('maxElapsedMs', options.maxElapsedMs ?? 30_000, 0);
  const random = options.random ?? Math.random;
  return {
    nextDelayMs({ attempt, elapsedMs }) {
      if (attempt > maxAttempts || elapsedMs >= maxElapsedMs) return null;
      const base = Math.min(max, initial * factor ** (attempt - 1));
      const spread = base * jitter * (2 * random() - 1);
      // never wait past the time budget
      return Math.round(Math.max(0, Math.min(base + spread, maxElapsedMs - elapsedMs)));
    },
  };
}

/**
 * Resolve a `reconnect` runner option: `false` (never reconnect), a policy, or undefined (the default
 * {@link exponentialBackoff}).
 * @example
 * resolveReconnect(undefined); // exponentialBackoff()
 */
export function resolveReconnect(value: unknown): ReconnectPolicy | false {
  return checkReconnect(value) ?? exponentialBackoff();
}
