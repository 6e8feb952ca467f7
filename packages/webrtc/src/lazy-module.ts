/**
 * Code the call loads on demand, once per page: the loader starts when a call begins (connect or
 * prepare), in parallel with its network work, and is awaited where the code is first needed.
 * @module
 */

/**
 * Wrap `load` so it runs once and every caller shares its promise; a failed load is not kept, so
 * the next caller (the next connect) tries again.
 * @example
 * const loadTap = lazyModule(() => import('./audio-tap.js').then((m) => m.createStreamTap));
 * void loadTap(); // as the call starts
 * const createStreamTap = await loadTap(); // when the track arrives
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    if (!loading) {
      const p = load();
      p.catch(() => {
        if (loading === p) loading = null;
      });
      loading = p;
    }
    return loading;
  };
}
