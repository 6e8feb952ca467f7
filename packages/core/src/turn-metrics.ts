import type { MetricsEvent } from './events.js';

interface ResponseTiming {
  createdAt: number;
  /** The user's end of speech this response answers, or null for a typed turn. */
  speechEndAt: number | null;
  reported: boolean;
}

/**
 * Milliseconds from a monotonic clock where there is one (`performance.now()`), else `Date.now()`.
 * @example
 * metrics.userSpoke(monotonicNow());
 */
export const monotonicNow = (): number =>
  typeof performance !== 'undefined' ? performance.now() : Date.now();

/** How many recent responses and audio items are remembered for late playback reports. */
const KEEP = 16;

/**
 * Per-turn latency bookkeeping behind the session's `metrics` events.
 *
 * Playback often starts after `response.done` (the model generates faster than real time), and a
 * tool call puts a second response between the user's speech and the audio, so timings are kept per
 * response and matched to playback by item or response id — never "whatever response is current".
 * @example
 * const m = new TurnMetrics();
 * m.userSpoke(100); m.responseCreated('resp_1', 150); m.audioItem('item_1', 'resp_1');
 * m.playbackStarted({ itemId: 'item_1' }, 400); // → { responseToFirstAudioMs: 250, speechEndToFirstAudioMs: 300, … }
 */
export class TurnMetrics {
  #speechEndAt: number | null = null;
  readonly #responses = new Map<string, ResponseTiming>();
  readonly #items = new Map<string, string>();

  /** The user stopped speaking (VAD `speech_stopped`, or a push-to-talk commit). */
  userSpoke(at: number): void {
    this.#speechEndAt = at;
  }

  /** The user typed: the next responses answer text, not speech. */
  userTyped(): void {
    this.#speechEndAt = null;
  }

  responseCreated(responseId: string, at: number): void {
    remember(this.#responses, responseId, { createdAt: at, speechEndAt: this.#speechEndAt, reported: false });
  }

  /** Assistant audio for `itemId` belongs to `responseId`. */
  audioItem(itemId: string, responseId: string): void {
    if (this.#items.get(itemId) !== responseId) remember(this.#items, itemId, responseId);
  }

  /** First audio really played; returns the metrics to emit, once per response. */
  playbackStarted(ref: { itemId?: string; responseId?: string }, at: number): MetricsEvent | null {
    const responseId = ref.responseId ?? (ref.itemId ? this.#items.get(ref.itemId) : undefined);
    const t = responseId ? this.#responses.get(responseId) : undefined;
    if (!responseId || !t || t.reported) return null;
    t.reported = true;
    return {
      type: 'metrics',
      responseId,
      responseToFirstAudioMs: Math.max(0, at - t.createdAt),
      speechEndToFirstAudioMs: t.speechEndAt === null ? null : Math.max(0, at - t.speechEndAt),
    };
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > KEEP) map.delete(map.keys().next().value as string);
}
