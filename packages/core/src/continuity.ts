/**
 * Small pieces of a reconnect that need no session: which failures are worth retrying, what of a
 * cut answer was heard, and the bounded buffer for audio sent while the link is down.
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

/**
 * PCM16 audio kept while reconnecting, at most `maxSamples`; beyond that the oldest goes and the
 * buffer remembers how much it dropped.
 * @example
 * const backlog = new AudioBacklog(24000 * 5);
 * backlog.push(chunk); for (const c of backlog.drain()) transport.sendAudio(c);
 */
export class AudioBacklog {
  readonly maxSamples: number;
  #chunks: Int16Array[] = [];
  #samples = 0;
  /** Samples dropped since the last drain. */
  dropped = 0;

  constructor(maxSamples: number) {
    this.maxSamples = maxSamples;
  }

  get samples(): number {
    return this.#samples;
  }

  push(chunk: Int16Array): void {
    this.#chunks.push(chunk);
    this.#samples += chunk.length;
    while (this.#samples > this.maxSamples && this.#chunks.length) {
      const over = this.#samples - this.maxSamples;
      const first = this.#chunks[0] as Int16Array;
      if (first.length <= over) {
        this.#chunks.shift();
        this.#samples -= first.length;
        this.dropped += first.length;
      } else {
        this.#chunks[0] = first.subarray(over);
        this.#samples -= over;
        this.dropped += over;
      }
    }
  }

  /** Everything kept, oldest first; empties the buffer. */
  drain(): Int16Array[] {
    const out = this.#chunks;
    this.#chunks = [];
    this.#samples = 0;
    this.dropped = 0;
    return out;
  }
}

/** A warning the session reports (`warning` event). */
export class ContinuityWarning extends RealtimeAgentsError {}
