/**
 * The `reconnect` runner option, checked at construction without loading the reconnect code (the
 * default policy is made when a drop needs it).
 * @module
 */
import { ConfigError } from './errors.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

/**
 * Check a `reconnect` runner option: `false` (never reconnect), a policy, or undefined (the default
 * backoff, made later). Throws a `ConfigError` naming the value otherwise.
 * @example
 * checkReconnect(undefined); // undefined: the default exponentialBackoff()
 */
export function checkReconnect(value: unknown): ReconnectPolicy | false | undefined {
  if (value === undefined || value === false) return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ReconnectPolicy).nextDelayMs === 'function'
  )
    return value as ReconnectPolicy;
  throw new ConfigError(
    'reconnect',
    `reconnect must be false, or a policy { nextDelayMs({ attempt, elapsedMs, reason }) => number | null } such as exponentialBackoff(), got ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
  );
}
