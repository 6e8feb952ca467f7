/**
 * `<AudioVisualizer>`: bars from the real microphone or speaker level, drawn outside React.
 * @module
 */
import { type CSSProperties, type HTMLAttributes, useRef } from 'react';
import { useAudioLevels } from './use-audio-levels.js';

/** Props of {@link AudioVisualizer}: a `<div>`'s, plus what to show. */
export interface AudioVisualizerProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Whose level: the user's microphone or the agent's audio. @default 'speaker' */
  source?: 'mic' | 'speaker';
  /** How many bars (the newest level on the right, older ones scrolling left). @default 16 */
  bars?: number;
  /** Class of each bar. */
  barClassName?: string;
}

/**
 * Bars showing the level of the last `bars` animation frames. Unstyled: each bar is a `<span
 * data-part="bar">` whose `--level` CSS variable (0..1) is updated every frame without re-rendering;
 * style it, e.g. `.bar { display: inline-block; width: 4px; height: calc(var(--level) * 100%) }`.
 * The root is a `meter` (`aria-valuenow` 0–100, the current level).
 * @example
 * <AudioVisualizer source="mic" bars={24} className="viz" barClassName="bar" />
 */
export function AudioVisualizer({
  source = 'speaker',
  bars = 16,
  barClassName,
  ...rest
}: AudioVisualizerProps) {
  const root = useRef<HTMLDivElement>(null);
  const history = useRef<number[]>([]);
  useAudioLevels((levels) => {
    const el = root.current;
    if (!el) return;
    const level = levels[source];
    const h = history.current;
    h.push(level);
    if (h.length > bars) h.splice(0, h.length - bars);
    const spans = el.children;
    for (let i = 0; i < spans.length; i++) {
      const v = h[h.length - spans.length + i] ?? 0;
      const bar = spans[i] as HTMLElement;
      bar.style.setProperty('--level', v.toFixed(2));
    }
    // a meter's value is read when focused, not announced as it changes
    el.setAttribute('aria-valuenow', String(Math.round(level * 100)));
  });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a level drawn as bars; a <meter> element cannot hold them
    <div
      ref={root}
      role="meter"
      aria-label={source === 'mic' ? 'Microphone level' : 'Agent audio level'}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      data-source={source}
      {...rest}
    >
      {Array.from({ length: bars }, (_, i) => `bar${i}`).map((id) => (
        <span key={id} data-part="bar" className={barClassName} style={{ '--level': 0 } as CSSProperties} />
      ))}
    </div>
  );
}
