/**
 * Taps: PCM16 frames and levels from any MediaStream (e.g. the remote WebRTC track) or any AudioNode.
 * Handles Chromium's remote-track gotcha: a remote WebRTC stream is silent in Web Audio unless it
 * also plays on a media element, so the stream tap plays it on a muted `<audio>` element.
 * @module
 */
import { createAudioContext } from './context.js';
import { Emitter } from './emitter.js';
import { AudioError } from './errors.js';
import type { FrameOptions } from './frame.js';
import { liveAudioTrack } from './media.js';
import { type CaptureEvents, CapturePipeline } from './pipeline.js';
import type { WorkletSource } from './worklets.js';

/** A running tap. Create with {@link createStreamTap} or {@link createNodeTap}. */
export class AudioTap extends Emitter<CaptureEvents> {
  /** The context the tap runs in. */
  readonly context: BaseAudioContext;
  readonly #pipeline: CapturePipeline;
  readonly #cleanup: () => void;
  #closed = false;

  /** @internal */
  constructor(context: BaseAudioContext, pipeline: CapturePipeline, cleanup: () => void) {
    super();
    this.context = context;
    this.#pipeline = pipeline;
    this.#cleanup = cleanup;
    pipeline.on('frame', (f) => this.emit('frame', f));
    pipeline.on('level', (l) => this.emit('level', l));
    pipeline.on('error', (e) => this.emit('error', e));
  }
  /** Output rate of the frames in Hz. */
  get sampleRate(): number {
    return this.#pipeline.sampleRate;
  }
  /** How the capture worklet was loaded. */
  get workletSource(): WorkletSource {
    return this.#pipeline.workletSource;
  }
  /** Frames emitted so far. */
  get framesEmitted(): number {
    return this.#pipeline.framesEmitted;
  }
  /** Main-thread milliseconds spent resampling, framing and encoding so far. */
  get cpuMs(): number {
    return this.#pipeline.cpuMs;
  }
  /** Context frames the audio thread skipped this tap for (filled with silence). */
  get gapFrames(): number {
    return this.#pipeline.gapFrames;
  }
  /** @internal */
  fail(error: AudioError): void {
    this.emit('error', error);
  }
  /** Stop tapping and release what the tap created. Never stops the tapped stream's tracks. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pipeline.close();
    this.#cleanup();
    this.removeAllListeners();
  }
}

/** Options of {@link createStreamTap}. */
export interface StreamTapOptions extends FrameOptions {
  /** Context to run in; by default the tap creates (and later closes) its own. */
  context?: AudioContext;
  /**
   * Also play the stream on a muted `<audio>` element (Chromium delivers remote WebRTC audio to
   * Web Audio only then). Harmless for local streams. @default true
   */
  attachElement?: boolean;
}

/**
 * Tap a MediaStream (typically the remote WebRTC audio) into PCM16 frames and levels.
 * Throws `no_audio_track` / `track_ended` for unusable streams; emits `error` when the track ends.
 * @example
 * pc.ontrack = async (e) => {
 *   const tap = await createStreamTap(e.streams[0], { sampleRate: 24000, onFrame: (f) => handlers.audio({ data: f.pcm, ... }) });
 * };
 */
export async function createStreamTap(
  stream: MediaStream,
  options: StreamTapOptions = {},
): Promise<AudioTap> {
  const track = liveAudioTrack(stream, 'createStreamTap');
  const ownsContext = !options.context;
  const context = options.context ?? createAudioContext();
  let element: HTMLAudioElement | undefined;
  try {
    const pipeline = await CapturePipeline.create(context, options);
    if (options.attachElement !== false && typeof Audio !== 'undefined') {
      element = new Audio();
      element.muted = true;
      element.autoplay = true;
      element.srcObject = stream;
      void element.play().catch(() => undefined);
    }
    const source = context.createMediaStreamSource(stream);
    pipeline.setSource(source);
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const onEnded = () =>
      tap.fail(
        new AudioError(
          'track_ended',
          'The tapped audio track ended (remote side stopped sending or the connection closed).',
        ),
      );
    track.addEventListener('ended', onEnded);
    const tap: AudioTap = new AudioTap(context, pipeline, () => {
      track.removeEventListener('ended', onEnded);
      source.disconnect();
      if (element) {
        element.pause();
        element.srcObject = null;
      }
      if (ownsContext && context.state !== 'closed') void context.close();
    });
    return tap;
  } catch (err) {
    if (element) element.srcObject = null;
    if (ownsContext && context.state !== 'closed') void context.close();
    throw err;
  }
}

/**
 * Tap any AudioNode (e.g. a player's output for meters, or a recorder in tests) into frames.
 * The tap runs in the node's context and leaves the context open on close.
 * @example
 * const tap = await createNodeTap(player.output, { sampleRate: player.context.sampleRate, onLevel: draw });
 */
export async function createNodeTap(node: AudioNode, options: FrameOptions = {}): Promise<AudioTap> {
  const pipeline = await CapturePipeline.create(node.context, options);
  pipeline.setSource(node);
  return new AudioTap(node.context, pipeline, () => undefined);
}
