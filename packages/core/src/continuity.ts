/**
 * Small pieces of a reconnect that need no session: which failures are worth retrying, and the
 * warning it reports.
 * @module
 */
import { RealtimeAgentsError } from './errors.js';

/**
 * Failures that another attempt cannot fix: a wrong, missing or refused key, an unsupported
 * environment, a bad option. Kept in step with the table in docs/transport-errors.md.
 */
const FINAL_CODES = new Set([
  'unauthorized',
  'invalid_api_key',
  'insecure_key',
  'missing_key',
  'headers_unsupported',
  'no_websocket',
  'unsupported',
  'already_connected',
  'invalid_option',
]);

/**
 * Whether a reconnect attempt may succeed after `error` (false for 401/403 and bad configuration).
 * @example
 * if (!isRetryable(error)) giveUp(error);
 */
export function isRetryable(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && FINAL_CODES.has(code)) return false;
  const status = (error as { status?: unknown }).status;
  return !(status === 401 || status === 403);
}

/** A warning the session reports (`warning` event). */
export class ContinuityWarning extends RealtimeAgentsError {}
