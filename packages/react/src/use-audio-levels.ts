/**
 * `useAudioLevels(onFrame)`: microphone and speaker levels once per animation frame, without
 * re-rendering.
 * @module
 */
import { useEffect, useRef } from 'react';
import type { AudioLevels } from './audio-levels.js';
import { useLatest } from './latest.js';
import { useSessionStore } from './provider.js';

/**
 * Calls `onFrame` with `{ mic, speaker }` (0..1) once per animation frame, and
 * keeps the latest in the returned ref. No React state is involved: draw from the callback (set a
 * style, paint a canvas), so nothing re-renders at audio rate.
 * @example
 * const bar = useRef<HTMLDivElement>(null);
 * useAudioLevels(({ mic }) => bar.current?.style.setProperty('--level', String(mic)));
 * return <div ref={bar} className="meter" />;
 */
export function useAudioLevels(onFrame?: (levels: AudioLevels) => void): { readonly current: AudioLevels } {
  const store = useSessionStore('useAudioLevels');
  const ref = useRef<AudioLevels>({ mic: 0, speaker: 0 });
  const latest = useLatest(onFrame);
  useEffect(
    () =>
      store.levels.subscribe((levels) => {
        ref.current = levels;
        latest.current?.(levels);
      }),
    [store, latest],
  );
  return ref;
}
