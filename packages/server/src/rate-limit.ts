/**
 * A fixed-window request counter per client, in memory (one process). For several instances, put a
 * shared limiter in front or pass your own `key`.
 * @module
 */

import { ConfigError } from '@realtime-agents/core';

/** `max` requests per client per `windowMs`. */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  max: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/** The outcome for one request. */
export type RateLimitResult = { ok: true } | { ok: false; retryAfterSec: number };

/** Creates a limiter; `hit(key)` counts a request and says whether it may proceed. */
export function createRateLimiter(options: RateLimitOptions, now: () => number = Date.now) {
  if (!(options.max >= 1) || !(options.windowMs > 0)) {
    throw new ConfigError(
      'rateLimit',
      `Invalid rateLimit ${JSON.stringify(options)}: max must be ≥ 1 and windowMs > 0 (or pass rateLimit: false).`,
    );
  }
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  return {
    hit(key: string): RateLimitResult {
      const t = now();
      if (t >= nextSweep) {
        for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
        nextSweep = t + options.windowMs;
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= t) {
        window = { count: 0, resetAt: t + options.windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= options.max) return { ok: true };
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((window.resetAt - t) / 1000)) };
    },
  };
}
