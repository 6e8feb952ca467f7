/**
 * Webhook ids already handled, so a redelivered webhook (OpenAI retries until it gets a 2xx) is
 * acted on once.
 * @module
 */

/** Where handled webhook ids live; share one store between processes behind a load balancer. */
export interface WebhookIdStore {
  /** True the first time an id is claimed, false for every later claim (atomically, e.g. Redis `SET NX EX`). */
  claim(webhookId: string): boolean | Promise<boolean>;
  /** Forget an id whose handling failed, so OpenAI's retry is handled again. */
  release(webhookId: string): void | Promise<void>;
}

/**
 * An in-memory store for one process; ids expire after `ttlMs` (longer than the timestamp tolerance).
 * @example
 * const seen = memoryWebhookIdStore({ ttlMs: 15 * 60_000 });
 * seen.claim('wh_1'); // true
 * seen.claim('wh_1'); // false
 */
export function memoryWebhookIdStore(options: { ttlMs?: number; now?: () => number } = {}): WebhookIdStore {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    claim(webhookId) {
      const t = now();
      // Map keeps insertion order: the oldest entries come first.
      for (const [id, expires] of seen) {
        if (expires > t) break;
        seen.delete(id);
      }
      if (seen.has(webhookId)) return false;
      seen.set(webhookId, t + ttlMs);
      return true;
    },
    release(webhookId) {
      seen.delete(webhookId);
    },
  };
}
