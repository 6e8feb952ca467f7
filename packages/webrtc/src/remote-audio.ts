/**
 * The assistant's audio on a call: the remote track plays through an `<audio autoplay>` element
 * (given or created) and is tapped into PCM16 frames with the audio package (whose tap handles
 * Chromium's silent-remote-track gotcha) for `audio` events and the played position. The tap's
 * code is loaded on demand, starting when the call is created. `silence()` mutes the element while
 * an interrupted answer's tail drains from the jitter buffer (the tap still reads the track).
 * @module
 */
import type { AudioTap } from '@realtime-agents/audio/tap';
import { TransportError } from '@realtime-agents/core';
import type { TapFrame } from './playback-tracker.js';
import { type CreateStreamTap, loadStreamTap } from './audio-loaders.js';

/** Options of {@link RemoteAudio}. */
export interface RemoteAudioOptions {
  /** Play here instead of a created element (its `srcObject` is set and cleared on close). */
  audioElement?: HTMLAudioElement;
  outputDeviceId?: string;
  /** Rate of the PCM16 frames delivered. @default 24000 */
  sampleRate?: number;
  onFrame(frame: TapFrame): void;
  onError(error: Error): void;
  /** Where the tap's code comes from. @default loadStreamTap */
  loadTap?: () => Promise<CreateStreamTap>;
}

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * Plays and taps one remote stream.
 * @example
 * const remote = new RemoteAudio({ onFrame: (f) => tracker.frame(f), onError });
 * pc.ontrack = (e) => remote.play(e.streams[0] ?? new MediaStream([e.track]));
 */
export class RemoteAudio {
  /** The element the assistant plays through. */
  readonly element: HTMLAudioElement;
  readonly #opts: RemoteAudioOptions;
  readonly #ownsElement: boolean;
  #stream: MediaStream | null = null;
  #tap: AudioTap | null = null;
  /** The tap's code, loading from construction on so it is there when the track arrives. */
  readonly #createTap: Promise<CreateStreamTap>;
  /** True while `silence()` holds the element muted. */
  #silenced = false;
  #closed = false;

  constructor(options: RemoteAudioOptions) {
    this.#opts = options;
    this.#ownsElement = !options.audioElement;
    this.element = options.audioElement ?? document.createElement('audio');
    this.element.autoplay = true;
    this.#createTap = (options.loadTap ?? loadStreamTap)();
    this.#createTap.catch(() => undefined); // reported when the track arrives
    // the app unmuted during a silence: the element is the app's again
    this.element.addEventListener('volumechange', this.#onVolume);
    if (options.outputDeviceId) void this.setOutputDevice(options.outputDeviceId).catch(options.onError);
  }

  /** The remote stream, once the track arrived. */
  get stream(): MediaStream | null {
    return this.#stream;
  }

  /** Start playing and tapping `stream` (the remote audio). */
  play(stream: MediaStream): void {
    if (this.#closed || this.#stream === stream) return;
    this.#stream = stream;
    this.element.srcObject = stream;
    void this.element.play().catch(() => {
      // autoplay refused (no gesture yet): the tap still runs; unlock from a gesture
    });
    void this.#startTap(stream);
  }

  /** Route playback to another output device where `setSinkId` exists. */
  async setOutputDevice(deviceId: string): Promise<void> {
    const el = this.element as SinkElement;
    if (typeof el.setSinkId !== 'function') {
      throw new TransportError(
        'unsupported',
        'This browser cannot choose the audio output device (HTMLMediaElement.setSinkId is missing); the system default is used.',
      );
    }
    try {
      await el.setSinkId(deviceId);
    } catch (cause) {
      throw new TransportError(
        'device_not_found',
        `Could not switch audio output to ${JSON.stringify(deviceId)}: ${(cause as Error)?.message ?? cause}. Pick one from listAudioDevices().outputs.`,
        { cause },
      );
    }
  }

  /**
   * Mute the output at once: what the jitter buffer still holds belongs to an interrupted answer.
   * An element the app muted stays as it is, and {@link unsilence} then leaves it muted.
   */
  silence(): void {
    if (this.#silenced || this.element.muted) return;
    this.element.muted = true;
    this.#silenced = true;
  }

  /** Undo {@link silence} (unless the app unmuted meanwhile). */
  unsilence(): void {
    if (!this.#silenced) return;
    this.#silenced = false;
    this.element.muted = false;
  }

  /** Stop the tap and detach the element. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.unsilence();
    this.element.removeEventListener('volumechange', this.#onVolume);
    this.#tap?.close();
    this.#tap = null;
    this.element.pause();
    this.element.srcObject = null;
    if (this.#ownsElement) this.element.remove();
    this.#stream = null;
  }

  readonly #onVolume = (): void => {
    if (this.#silenced && !this.element.muted) this.#silenced = false;
  };

  async #startTap(stream: MediaStream): Promise<void> {
    try {
      // our element already plays the stream, which is what Chromium needs for Web Audio
      const createStreamTap = await this.#createTap;
      const tap = await createStreamTap(stream, {
        sampleRate: this.#opts.sampleRate ?? 24000,
        attachElement: false,
      });
      if (this.#closed || this.#stream !== stream) {
        tap.close();
        return;
      }
      this.#tap?.close();
      this.#tap = tap;
      tap.on('frame', (f) =>
        this.#opts.onFrame({
          pcm: f.pcm,
          sampleRate: f.sampleRate,
          rmsDbfs: f.rmsDbfs,
          atMs: performance.now(),
        }),
      );
      tap.on('error', (e) => {
        if (!this.#closed && e.code !== 'track_ended') this.#opts.onError(e);
      });
    } catch (cause) {
      if (this.#closed) return;
      this.#opts.onError(
        new TransportError(
          'audio_tap_failed',
          `The assistant's audio plays, but tapping it into PCM16 failed (no audio events, no played position): ${(cause as Error)?.message ?? cause}`,
          { cause },
        ),
      );
    }
  }
}
