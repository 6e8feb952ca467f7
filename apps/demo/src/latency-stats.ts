/**
 * Per-turn latencies and their percentiles over the session.
 * @module
 */
import type { MetricsEvent } from '@realtime-agents/core';

/**
 * The `p`-th percentile (0–100) of `values` by the nearest-rank method; null for no values.
 * @example percentile([10, 20, 30, 40], 50) // 20
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** One turn's latencies (ms; null when not measurable, e.g. a typed message has no end of speech). */
export interface TurnLatency {
  turn: number;
  responseId: string;
  speechEndToFirstAudioMs: number | null;
  responseToFirstAudioMs: number | null;
}

/** p50/p95 of one measure. */
export interface Summary {
  count: number;
  p50: number | null;
  p95: number | null;
}

/**
 * Collects `metrics` events and summarises them. "End of speech → first audio" only counts for
 * turns the user spoke (call {@link speechEnded} on `speech_stopped` or a push-to-talk release): the
 * core reports the time since the *last* end of speech even for typed turns and tool follow-ups.
 */
export class LatencyStats {
  readonly turns: TurnLatency[] = [];
  #spoke = false;

  /** The user just finished speaking: the next turn's speech latency is meaningful. */
  speechEnded(): void {
    this.#spoke = true;
  }

  /** Record one `metrics` event; returns the stored turn. */
  add(event: MetricsEvent): TurnLatency {
    const turn: TurnLatency = {
      turn: this.turns.length + 1,
      responseId: event.responseId,
      speechEndToFirstAudioMs: this.#spoke ? event.speechEndToFirstAudioMs : null,
      responseToFirstAudioMs: event.responseToFirstAudioMs,
    };
    this.#spoke = false;
    this.turns.push(turn);
    return turn;
  }

  /** p50/p95 of one measure over every turn that has it. */
  summary(measure: 'speechEndToFirstAudioMs' | 'responseToFirstAudioMs'): Summary {
    const values = this.turns.map((t) => t[measure]).filter((v): v is number => typeof v === 'number');
    return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
  }

  clear(): void {
    this.turns.length = 0;
    this.#spoke = false;
  }
}
