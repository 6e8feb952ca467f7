/**
 * `@realtime-agents/audio`: browser audio for voice agents. AudioWorklet capture to PCM16 frames,
 * a player with exact played-sample counts and flush, taps of remote tracks, injection into a
 * MediaStreamTrack, autoplay unlock, a health watchdog and device helpers, plus the pure codecs
 * (also at `@realtime-agents/audio/codecs`, usable in Node).
 *
 * This file is the package's complete public surface; everything else is internal.
 * @example
 * import { createMicCapture, createPlayer, unlockAudio } from '@realtime-agents/audio';
 * const player = await createPlayer({ sampleRate: 24000 });
 * button.onclick = () => unlockAudio(player.context);
 * const mic = await createMicCapture({ onFrame: (f) => transport.sendAudio(f.pcm) });
 * @module
 */

// ── Capture ──────────────────────────────────────────────────────────────────────────────────────
/**
 * Capture the microphone as PCM16 frames; `MicCapture` mutes, swaps devices and reports levels.
 * @example const mic = await createMicCapture({ sampleRate: 24000, frameMs: 20, onFrame: (f) => send(f.pcm) });
 */
export { createMicCapture, MicCapture, type MicCaptureEvents, type MicCaptureOptions } from './capture.js';
/**
 * The frame and level shapes captures and taps deliver.
 * @example mic.on('frame', (f: AudioFrame) => console.log(f.index, f.rmsDbfs));
 */
export type { AudioFrame, AudioLevel, FrameOptions } from './frame.js';
/**
 * Events shared by captures and taps: `frame`, `level`, `error`.
 * @example tap.on('error', (e) => console.warn(e.code, e.message));
 */
export type { CaptureEvents } from './pipeline.js';

// ── Taps ─────────────────────────────────────────────────────────────────────────────────────────
/**
 * Tap a MediaStream (remote WebRTC audio; the Chromium `<audio>` gotcha is handled) or an AudioNode.
 * @example const tap = await createStreamTap(remoteStream, { onFrame: (f) => emitAudio(f.pcm) });
 */
export { AudioTap, createNodeTap, createStreamTap, type StreamTapOptions } from './tap.js';

// ── Playback ─────────────────────────────────────────────────────────────────────────────────────
/**
 * The player: enqueue PCM16 per item, `flush()` on barge-in, `position()` for exact truncation.
 * @example const player = await createPlayer({ sampleRate: 24000 }); player.enqueue(pcm, { itemId });
 */
export {
  createPlayer,
  type PlayItem,
  Player,
  type PlayerEvents,
  type PlayerOptions,
  type PlayerPosition,
} from './player.js';
/**
 * Injection: PCM16 → MediaStreamTrack, for `sendAudio` over WebRTC.
 * @example const inj = await createAudioInjector(); await sender.replaceTrack(inj.track); inj.push(pcm);
 */
export { type AudioInjector, createAudioInjector } from './injector.js';

// ── Context, autoplay, health ───────────────────────────────────────────────────────────────────
/**
 * AudioContext creation and autoplay unlocking.
 * @example button.onclick = () => unlockAudio(player.context);
 */
export { createAudioContext, unlockAudio, unlockOnGesture } from './context.js';
/**
 * Watchdog for suspended contexts and silent output while audio is queued.
 * @example const stop = createAudioWatchdog({ player, onIssue: ({ error }) => banner(error.message) });
 */
export { type AudioHealthIssue, type AudioWatchdogOptions, createAudioWatchdog } from './watchdog.js';

// ── Devices ──────────────────────────────────────────────────────────────────────────────────────
/**
 * List microphones/speakers and follow `devicechange`.
 * @example const { inputs, outputs } = await listAudioDevices();
 */
export {
  type AudioDevice,
  type AudioDeviceChange,
  type AudioDeviceList,
  canSelectOutput,
  listAudioDevices,
  onAudioDeviceChange,
} from './devices.js';
/**
 * getUserMedia with actionable errors, and the voice constraints used by default.
 * @example const stream = await openMicrophone({ deviceId });
 */
export { openMicrophone, VOICE_CONSTRAINTS } from './media.js';

// ── Worklet modules ──────────────────────────────────────────────────────────────────────────────
/**
 * Where the worklet modules load from (static files, CSP-friendly), overrides, and the loader.
 * @example configureWorklets({ capture: '/assets/capture.worklet.js', player: '/assets/player.worklet.js' });
 */
export {
  configureWorklets,
  loadWorklet,
  type WorkletName,
  type WorkletSource,
  workletUrl,
} from './worklets.js';

// ── Events ───────────────────────────────────────────────────────────────────────────────────────
/**
 * The typed emitter every component extends (`on` returns an unsubscribe function).
 * @example const off = player.on('drained', () => setSpeaking(false)); off();
 */
export { Emitter, type Unsubscribe } from './emitter.js';

// ── Codecs (pure, also at '@realtime-agents/audio/codecs') ─────────────────────────────────────
/**
 * G.711, resampling, PCM16/base64 helpers, level meters and `AudioError`.
 * @example const ulaw = mulawEncode(resample(pcm24k, 24000, 8000));
 */
export * from './codecs.js';
