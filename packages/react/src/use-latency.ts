/**
 * `useLatency()`: per-turn latency from the session's `metrics` events.
 * @module
 */
import { useSlice } from './provider.js';
import type { LatencySnapshot } from './session-store.js';

/**
 * The latest turn's metrics and the recent turns (up to 50): end of user speech → first audio
 * heard, and response start → first audio heard, in ms (null when unknown).
 * @example
 * const { last } = useLatency();
 * return <span>{last?.speechEndToFirstAudioMs ?? '–'} ms</span>;
 */
export function useLatency(): LatencySnapshot {
  const turns = useSlice('useLatency', (s) => s.latency);
  return { last: turns.at(-1) ?? null, turns };
}
