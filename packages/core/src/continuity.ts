/**
 * Small pieces of a reconnect that need no session: which failures are worth retrying and what of
 * a cut answer was heard.
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

/**
 * The part of an assistant transcript the listener heard, by the share of its audio really played,
 * cut after the last whole word. All of it when nothing says otherwise.
 * @example
 * heardText('It is sunny in Paris today', 1000, 2000) // 'It is sunny'
 */
export function heardText(transcript: string, playedMs: number | null, receivedMs: number | null): string {
  if (playedMs === null || !receivedMs || receivedMs <= 0 || playedMs >= receivedMs) return transcript;
  const share = Math.max(0, playedMs) / receivedMs;
  const cut = Math.floor(transcript.length * share);
  if (cut >= transcript.length) return transcript;
  const head = transcript.slice(0, cut);
  const space = head.lastIndexOf(' ');
  return (space > 0 ? head.slice(0, space) : head).trimEnd();
}

/** A warning the session reports (`warning` event). */
export class ContinuityWarning extends RealtimeAgentsError {}
