/**
 * Loads the assistant-audio tap (`./audio-tap.js`) on demand, once per page. Started when a call
 * begins (connect or prepare), so the chunk is normally there when the remote track arrives.
 * @module
 */
import type { createStreamTap } from '@realtime-agents/audio/tap';

/** `createStreamTap` of the audio package. */
export type CreateStreamTap = typeof createStreamTap;

let loading: Promise<CreateStreamTap> | null = null;

/**
 * The tap factory, loading its chunk on the first call. A failed load is not kept, so a later
 * call (the next connect) tries again.
 * @example
 * const createStreamTap = await loadStreamTap();
 */
export function loadStreamTap(): Promise<CreateStreamTap> {
  if (!loading) {
    const p = import('./audio-tap.js').then((m) => m.createStreamTap);
    p.catch(() => {
      if (loading === p) loading = null;
    });
    loading = p;
  }
  return loading;
}
