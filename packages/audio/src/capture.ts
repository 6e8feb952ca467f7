/**
 * Microphone capture: a MediaStream → PCM16 mono frames at the target rate, with levels, mute
 * without stopping the track, and input-device swaps without reconnecting anything downstream.
 * @module
 */
import { createAudioContext } from './context.js';
import { AudioError } from './errors.js';
import type { FrameOptions } from './frame.js';
import { liveAudioTrack, openMicrophone } from './media.js';
import { type CaptureEvents, CapturePipeline } from './pipeline.js';
import type { AudioEncoding } from './pcm.js';
import type { WorkletSource } from './worklets.js';
import { Emitter } from './emitter.js';

/** Options of {@link createMicCapture}. */
export interface MicCaptureOptions extends FrameOptions {
  /** Capture this stream instead of opening the microphone (the capture will not stop its tracks). */
  stream?: MediaStream;
  /** Microphone to open (from {@link listAudioDevices}); default device when omitted. */
  deviceId?: string;
  /** Extra getUserMedia audio constraints, merged over echo cancellation/noise suppression/AGC on. */
  constraints?: MediaTrackConstraints;
  /** Context to run in; by default the capture creates (and later closes) its own. */
  context?: AudioContext;
  /** Start muted. @default false */
  muted?: boolean;
  /** Called with problems after start (track ended, worklet failure). */
  onError?: (error: AudioError) => void;
}

/** Events of a {@link MicCapture}. */
export interface MicCaptureEvents extends CaptureEvents {
  /** The input track changed (device swap or fallback); WebRTC senders should `replaceTrack` it. */
  trackchange: { track: MediaStreamTrack; stream: MediaStream; deviceId: string | undefined };
  /** The device in use went away and the capture fell back to the default microphone. */
  devicefallback: { from: string | undefined; error: AudioError };
}

/**
 * A running microphone capture. Create with {@link createMicCapture}.
 * @example
 * const mic = await createMicCapture({ onFrame: (f) => transport.sendAudio(f.pcm) });
 * mic.on('level', (l) => meter.value = l.rmsDbfs);
 * mic.mute(true);
 * await mic.setDevice(otherId);
 * mic.close();
 */
export class MicCapture extends Emitter<MicCaptureEvents> {
  /** The AudioContext the capture runs in. */
  readonly context: AudioContext;
  readonly #pipeline: CapturePipeline;
  readonly #ownsContext: boolean;
  readonly #constraints: MediaTrackConstraints | undefined;
  #stream: MediaStream;
  #ownsStream: boolean;
  #source: MediaStreamAudioSourceNode;
  #deviceId: string | undefined;
  #closed = false;
  #swapping: Promise<void> = Promise.resolve();

  /** @internal use {@link createMicCapture} */
  constructor(init: {
    context: AudioContext;
    ownsContext: boolean;
    pipeline: CapturePipeline;
    stream: MediaStream;
    ownsStream: boolean;
    deviceId: string | undefined;
    constraints: MediaTrackConstraints | undefined;
  }) {
    super();
    this.context = init.context;
    this.#ownsContext = init.ownsContext;
    this.#pipeline = init.pipeline;
    this.#stream = init.stream;
    this.#ownsStream = init.ownsStream;
    this.#deviceId = init.deviceId;
    this.#constraints = init.constraints;
    this.#pipeline.on('frame', (f) => this.emit('frame', f));
    this.#pipeline.on('level', (l) => this.emit('level', l));
    this.#pipeline.on('error', (e) => this.emit('error', e));
    this.#source = this.#attach(this.#stream);
  }

  /** The captured stream (changes on device swaps). */
  get stream(): MediaStream {
    return this.#stream;
  }
  /** The captured audio track (changes on device swaps). */
  get track(): MediaStreamTrack {
    return this.#stream.getAudioTracks()[0]!;
  }
  /** The requested device id, or undefined for the default device / a caller's stream. */
  get deviceId(): string | undefined {
    return this.#deviceId;
  }
  /** Output rate of the frames in Hz. */
  get sampleRate(): number {
    return this.#pipeline.sampleRate;
  }
  /** Frame length in ms. */
  get frameMs(): number {
    return this.#pipeline.frameMs;
  }
  /** Encoding of `frame.data`. */
  get encoding(): AudioEncoding {
    return this.#pipeline.encoding;
  }
  /** How the capture worklet was loaded (`'url'`, `'blob'` or `'polyfill'`). */
  get workletSource(): WorkletSource {
    return this.#pipeline.workletSource;
  }
  /** Whether the capture is muted. */
  get muted(): boolean {
    return this.#pipeline.muted;
  }
  /** Frames emitted so far. */
  get framesEmitted(): number {
    return this.#pipeline.framesEmitted;
  }
  /**
   * Context frames (at `context.sampleRate`) for which the worklet delivered no audio and silence
   * was put in their place to keep frame times exact. Stays 0 while capture is continuous.
   */
  get gapFrames(): number {
    return this.#pipeline.gapFrames;
  }
  /** Main-thread milliseconds spent resampling, framing and encoding so far. */
  get cpuMs(): number {
    return this.#pipeline.cpuMs;
  }

  /**
   * Mute or unmute. Muted captures keep the track live and keep emitting frames, filled with
   * silence (`frame.muted === true`), so timing and server VAD stay consistent.
   */
  mute(muted: boolean): void {
    this.#pipeline.muted = muted;
  }

  /**
   * Switch to another microphone without interrupting frames. Pass `undefined` for the default
   * device, or a MediaStream to capture instead. Emits `trackchange`.
   * Rejects with `AudioError` (`device_not_found`, `permission_denied`) and keeps the old device then.
   */
  setDevice(device: string | MediaStream | undefined): Promise<void> {
    const run = async () => {
      this.#assertOpen();
      let stream: MediaStream;
      let owns: boolean;
      let deviceId: string | undefined;
      if (device instanceof MediaStream) {
        liveAudioTrack(device, 'setDevice');
        stream = device;
        owns = false;
        deviceId = undefined;
      } else {
        stream = await openMicrophone({ deviceId: device, constraints: this.#constraints });
        owns = true;
        deviceId = device;
      }
      if (this.#closed) {
        if (owns) for (const t of stream.getTracks()) t.stop();
        return;
      }
      const old = this.#stream;
      const oldOwned = this.#ownsStream;
      const oldSource = this.#source;
      this.#stream = stream;
      this.#ownsStream = owns;
      this.#deviceId = deviceId;
      this.#source = this.#attach(stream);
      oldSource.disconnect();
      this.#detachTrackListeners(old);
      if (oldOwned) for (const t of old.getTracks()) t.stop();
      this.emit('trackchange', { track: this.track, stream, deviceId });
    };
    const p = this.#swapping.then(run, run);
    this.#swapping = p.catch(() => undefined);
    return p;
  }

  /** Stop capturing: stops tracks the capture opened and closes the context it created. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pipeline.close();
    this.#source.disconnect();
    this.#detachTrackListeners(this.#stream);
    if (this.#ownsStream) for (const t of this.#stream.getTracks()) t.stop();
    if (this.#ownsContext && this.context.state !== 'closed') void this.context.close();
    this.removeAllListeners();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new AudioError('closed', 'This capture is closed; create a new one with createMicCapture().');
  }

  #attach(stream: MediaStream): MediaStreamAudioSourceNode {
    const source = this.context.createMediaStreamSource(stream);
    this.#pipeline.setSource(source);
    for (const t of stream.getAudioTracks()) t.addEventListener('ended', this.#onEnded);
    return source;
  }

  #detachTrackListeners(stream: MediaStream): void {
    for (const t of stream.getAudioTracks()) t.removeEventListener('ended', this.#onEnded);
  }

  #onEnded = (): void => {
    if (this.#closed) return;
    const from = this.#deviceId;
    const error = new AudioError(
      'track_ended',
      'The microphone track ended (device unplugged, permission revoked or track stopped). ' +
        (this.#ownsStream
          ? 'Falling back to the default microphone.'
          : 'Call setDevice() with a new device or stream.'),
    );
    this.emit('error', error);
    if (!this.#ownsStream) return;
    this.setDevice(undefined).then(
      () => this.emit('devicefallback', { from, error }),
      (e: unknown) =>
        this.emit('error', e instanceof AudioError ? e : new AudioError('device_not_found', String(e))),
    );
  };
}

/**
 * Capture the microphone (or a given stream) as PCM16 mono frames.
 * Throws `AudioError`: `permission_denied`, `device_not_found`, `no_audio_track`, `track_ended`,
 * `context_closed`, `invalid_sample_rate`, `invalid_argument`, `worklet_load_failed`.
 * @example
 * const mic = await createMicCapture({
 *   sampleRate: 24000, frameMs: 20, encoding: 'pcm16',
 *   onFrame: (frame) => ws.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: int16ToBase64(frame.pcm) })),
 *   onLevel: (l) => (meter.value = l.rmsDbfs),
 * });
 */
export async function createMicCapture(options: MicCaptureOptions = {}): Promise<MicCapture> {
  const ownsContext = !options.context;
  const context = options.context ?? createAudioContext();
  let stream: MediaStream | undefined;
  const ownsStream = !options.stream;
  try {
    if (options.stream) liveAudioTrack(options.stream, 'createMicCapture');
    const pipeline = await CapturePipeline.create(context, options);
    stream =
      options.stream ??
      (await openMicrophone({ deviceId: options.deviceId, constraints: options.constraints }));
    liveAudioTrack(stream, 'createMicCapture');
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const mic = new MicCapture({
      context,
      ownsContext,
      pipeline,
      stream,
      ownsStream,
      deviceId: options.deviceId,
      constraints: options.constraints,
    });
    if (options.muted) mic.mute(true);
    if (options.onError) mic.on('error', options.onError);
    return mic;
  } catch (err) {
    if (ownsStream && stream) for (const t of stream.getTracks()) t.stop();
    if (ownsContext && context.state !== 'closed') void context.close();
    throw err;
  }
}
