/**
 * `useLatest`: a ref that always holds the newest value, so long-lived subscriptions call the
 * newest handler without re-subscribing (no stale closures).
 * @module
 */
import { useEffect, useLayoutEffect, useRef } from 'react';

// useLayoutEffect warns during server rendering in React 18; nothing runs there anyway.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * A ref updated with `value` after every render, before effects run.
 * @example
 * const onEvent = useLatest(props.onEvent);
 * useEffect(() => source.subscribe((e) => onEvent.current(e)), [source]);
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
