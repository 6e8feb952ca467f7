/**
 * AudioContext helpers: creation at a wanted rate, unlocking for autoplay policies, and the checks
 * every component makes before using a context.
 * @module
 */
import { AudioError } from './errors.js';

/**
 * Create an `AudioContext` for voice (`latencyHint: 'interactive'`), at `sampleRate` when the browser
 * supports that, else at its default rate (the kit resamples).
 * @example
 * const ctx = createAudioContext({ sampleRate: 24000 });
 */
export function createAudioContext(options: { sampleRate?: number; sinkId?: string } = {}): AudioContext {
  if (typeof AudioContext === 'undefined') {
    throw new AudioError('unsupported', 'Web Audio (AudioContext) is not available here; run in a browser.');
  }
  const base: AudioContextOptions & { sinkId?: string } = { latencyHint: 'interactive' };
  if (options.sinkId) base.sinkId = options.sinkId;
  if (options.sampleRate) {
    try {
      return new AudioContext({ ...base, sampleRate: options.sampleRate });
    } catch {
      // rate not supported (very old Safari): fall through to the default rate
    }
  }
  return new AudioContext(base);
}

/** Throws `context_closed` if the context is closed. */
export function assertOpen(context: BaseAudioContext, what: string): void {
  if (context.state === 'closed') {
    throw new AudioError(
      'context_closed',
      `${what}: the AudioContext is closed. Create a new capture/player (or pass an open context).`,
    );
  }
}

/**
 * Resume a context from a user gesture (click/tap/key handler) so audio may play under autoplay
 * policies; also plays one silent sample, which iOS Safari needs. Resolves `true` once running,
 * `false` if the browser still refuses (call again from a real gesture).
 * @example
 * button.onclick = async () => { await unlockAudio(player.context); await session.connect(); };
 */
export async function unlockAudio(context: AudioContext, timeoutMs = 1000): Promise<boolean> {
  assertOpen(context, 'unlockAudio');
  try {
    const buffer = context.createBuffer(1, 1, context.sampleRate);
    const src = context.createBufferSource();
    src.buffer = buffer;
    src.connect(context.destination);
    src.start();
  } catch {
    // a silent kick is best effort
  }
  if (context.state === 'running') return true;
  // `resume()` never settles while autoplay is blocked, hence the timeout
  await Promise.race([context.resume().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
  return (context.state as AudioContextState) === 'running';
}

/**
 * Unlock the context on the next user gesture on `target` (default `document`): pointerdown,
 * keydown or touchend. Returns a function that stops listening.
 * @example
 * const stop = unlockOnGesture(player.context);
 */
export function unlockOnGesture(context: AudioContext, target: EventTarget = document): () => void {
  const events = ['pointerdown', 'keydown', 'touchend'];
  const handler = () => {
    void unlockAudio(context).then((ok) => {
      if (ok) stop();
    });
  };
  const stop = () => {
    for (const e of events) target.removeEventListener(e, handler, true);
  };
  for (const e of events) target.addEventListener(e, handler, true);
  return stop;
}
