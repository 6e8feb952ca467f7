/**
 * Health watchdog: reports a suspended/interrupted AudioContext while audio is queued or captured,
 * and an output that stays silent although audio is queued (autoplay blocked, device gone).
 * @module
 */
import { AudioError } from './errors.js';
import type { Player } from './player.js';

/** A problem the watchdog found; `error.code` is `context_suspended`, `context_closed` or `output_silent`. */
export interface AudioHealthIssue {
  error: AudioError;
  context: BaseAudioContext;
}

/** Options of {@link createAudioWatchdog}. */
export interface AudioWatchdogOptions {
  /** Contexts to watch (e.g. the capture's and the player's). */
  contexts?: BaseAudioContext[];
  /** A player whose queued audio must keep playing. */
  player?: Player;
  /** Report silence after this long with audio queued but nothing rendered. @default 1500 */
  silentMs?: number;
  /** Check period. @default 500 */
  intervalMs?: number;
  /** Called once per problem (again only after it cleared). */
  onIssue: (issue: AudioHealthIssue) => void;
  /** Called when a reported problem cleared. */
  onRecovered?: (code: AudioError['code']) => void;
}

/**
 * Start watching; returns a function that stops the watchdog.
 * @example
 * const stop = createAudioWatchdog({
 *   player, contexts: [mic.context],
 *   onIssue: ({ error }) => showTapToResume(error.message), // then: await player.resume()
 * });
 */
export function createAudioWatchdog(options: AudioWatchdogOptions): () => void {
  const silentMs = options.silentMs ?? 1500;
  const contexts = new Set<BaseAudioContext>(options.contexts ?? []);
  const player = options.player;
  if (player) contexts.add(player.context);
  const active = new Set<string>();
  let lastPlayed = -1;
  let lastProgressAt = performance.now();

  const raise = (key: string, context: BaseAudioContext, error: AudioError) => {
    if (active.has(key)) return;
    active.add(key);
    options.onIssue({ error, context });
  };
  const clear = (key: string, code: AudioError['code']) => {
    if (active.delete(key)) options.onRecovered?.(code);
  };

  const check = () => {
    let i = 0;
    for (const ctx of contexts) {
      const state = ctx.state as string;
      const key = `ctx${i++}`;
      if (state === 'closed') {
        raise(
          `${key}:closed`,
          ctx,
          new AudioError(
            'context_closed',
            'An AudioContext in use was closed; audio stopped. Recreate the capture/player.',
          ),
        );
      } else if (state === 'suspended' || state === 'interrupted') {
        raise(
          `${key}:suspended`,
          ctx,
          new AudioError(
            'context_suspended',
            `The AudioContext is ${state} (autoplay policy, or the OS took the audio device). Call unlockAudio()/player.resume() from a user gesture such as a click.`,
          ),
        );
      } else {
        clear(`${key}:suspended`, 'context_suspended');
      }
    }
    if (player) {
      const pos = player.position();
      const queued = player.queuedMs;
      const played = pos ? pos.playedMs : -1;
      const now = performance.now();
      if (queued <= 0 || played !== lastPlayed) {
        lastProgressAt = now;
        lastPlayed = played;
        clear('silent', 'output_silent');
      } else if (now - lastProgressAt >= silentMs) {
        raise(
          'silent',
          player.context,
          new AudioError(
            'output_silent',
            `${Math.round(queued)} ms of audio is queued but nothing has played for ${Math.round(now - lastProgressAt)} ms. ` +
              'The AudioContext may be blocked by autoplay policy or the output device is gone; call player.resume() from a user gesture or pick another output.',
          ),
        );
      }
    }
  };

  const timer = setInterval(check, options.intervalMs ?? 500);
  const onState = () => check();
  for (const ctx of contexts) ctx.addEventListener('statechange', onState);
  return () => {
    clearInterval(timer);
    for (const ctx of contexts) ctx.removeEventListener('statechange', onState);
  };
}
