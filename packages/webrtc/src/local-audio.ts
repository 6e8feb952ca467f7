/**
 * The outgoing audio of a call: the microphone track on the audio sender, mute via
 * `track.enabled`, device switches via `replaceTrack` (no renegotiation), and `sendAudio` PCM16
 * injected through the audio package's injector — the sender carries the injected track while
 * injected audio plays and returns to the microphone when it has drained.
 * Only tracks this class opened are ever stopped.
 * @module
 */
import type { AudioInjector } from '@realtime-agents/audio/injector';
import { TransportError } from '@realtime-agents/core';
import { loadMicrophone, type OpenMicrophone } from './audio-loaders.js';

/** Options of {@link LocalAudio}. */
export interface LocalAudioOptions {
  /** Use this stream's audio track instead of opening the microphone (never stopped by us). */
  mediaStream?: MediaStream;
  inputDeviceId?: string;
  /** getUserMedia constraints over echo cancellation, noise suppression and auto gain (all on). */
  audioConstraints?: MediaTrackConstraints;
  /** Rate of PCM16 given to `inject` (the session's input rate). */
  injectRate: number;
  /** Reports problems after connect (device switch failures, injector errors). */
  onError(error: Error): void;
  /** Where the microphone's opener comes from. @default loadMicrophone */
  loadMicrophone?: () => Promise<OpenMicrophone>;
}

/**
 * Owns the sender's track. Create, then `attach(sender)` once the transceiver exists.
 * @example
 * const local = new LocalAudio({ injectRate: 24000, onError });
 * const ready = local.open();           // getUserMedia in parallel with signalling
 * await local.attach(transceiver.sender);
 */
export class LocalAudio {
  readonly #opts: LocalAudioOptions;
  #sender: RTCRtpSender | null = null;
  #stream: MediaStream | null = null;
  #owned = false;
  #muted = false;
  #closed = false;
  #injector: AudioInjector | null = null;
  #injectorPromise: Promise<AudioInjector> | null = null;
  #pending: Int16Array[] = [];
  #injecting = false;
  #opening: Promise<MediaStream> | null = null;
  #drainWaiters: Array<() => void> = [];

  constructor(options: LocalAudioOptions) {
    this.#opts = options;
    // the opener's code loads from now on, so it is there when the call opens the microphone
    if (!options.mediaStream) this.#loadOpener().catch(() => undefined); // a failure is told at open
  }

  /** Rate of PCM16 given to `inject` (set again when a prepared call gets its session). */
  set injectRate(rate: number) {
    this.#opts.injectRate = rate;
  }

  /** The microphone (or given) track, once open. */
  get track(): MediaStreamTrack | null {
    return this.#stream?.getAudioTracks()[0] ?? null;
  }
  /** True while `sendAudio` audio is queued or playing into the call. */
  get injecting(): boolean {
    return this.#injecting || this.#pending.length > 0;
  }
  /** Resolves once injected audio has been played into the call (at once when none is queued). */
  drained(): Promise<void> {
    if (!this.injecting) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }
  /** True while muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Open the microphone, or adopt the given stream. Call once; idempotent. */
  open(): Promise<MediaStream> {
    this.#opening ??= (async () => {
      const given = this.#opts.mediaStream;
      if (given) {
        if (!given.getAudioTracks()[0])
          throw new TransportError(
            'no_audio_track',
            'webrtcTransport({ mediaStream }): the stream has no audio track.',
          );
        this.#stream = given;
        this.#owned = false;
      } else {
        const stream = await this.#openMic(this.#opts.inputDeviceId);
        if (this.#closed) {
          for (const t of stream.getTracks()) t.stop();
          throw new TransportError('closed', 'The transport was closed while opening the microphone.');
        }
        this.#stream = stream;
        this.#owned = true;
      }
      this.#applyMute();
      return this.#stream;
    })();
    return this.#opening;
  }

  /** Put the current track on `sender` (after `open()`). */
  async attach(sender: RTCRtpSender): Promise<void> {
    this.#sender = sender;
    await this.open();
    if (!this.#injecting) await sender.replaceTrack(this.track);
  }

  /** Mute or unmute the microphone (`track.enabled`); injected audio is still sent. */
  mute(muted: boolean): void {
    this.#muted = muted;
    this.#applyMute();
  }

  /**
   * Switch microphones without reconnecting: open `deviceId`, `replaceTrack`, stop the old track
   * if we opened it. Throws the audio package's errors (`device_not_found`, `permission_denied`).
   */
  async setInputDevice(deviceId: string | undefined): Promise<void> {
    this.#assertOpen('setInputDevice');
    const next = await this.#openMic(deviceId);
    if (this.#closed) {
      for (const t of next.getTracks()) t.stop();
      return;
    }
    const previous = this.#stream;
    const previousOwned = this.#owned;
    this.#stream = next;
    this.#owned = true;
    this.#applyMute();
    if (this.#sender && !this.#injecting) await this.#sender.replaceTrack(this.track);
    if (previous && previousOwned) for (const t of previous.getTracks()) t.stop();
  }

  /** Queue PCM16 (at `injectRate`) to send in place of the microphone. */
  inject(pcm16: Int16Array): void {
    this.#assertOpen('sendAudio');
    if (this.#injector) {
      this.#injector.push(pcm16);
      this.#useInjected();
      return;
    }
    this.#pending.push(pcm16);
    this.#injectorPromise ??= this.#createInjector();
  }

  /** Stop what we opened, release the injector. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned && this.#stream) for (const t of this.#stream.getTracks()) t.stop();
    this.#stream = null;
    this.#injector?.close();
    this.#injector = null;
    this.#pending = [];
    this.#sender = null;
    for (const w of this.#drainWaiters.splice(0)) w();
  }

  async #createInjector(): Promise<AudioInjector> {
    try {
      const { createAudioInjector } = await import('./audio-injector.js');
      const inj = await createAudioInjector({ sampleRate: this.#opts.injectRate });
      if (this.#closed) {
        inj.close();
        return inj;
      }
      this.#injector = inj;
      inj.player.on('drained', () => this.#useMic());
      inj.player.on('error', (e) => this.#opts.onError(e));
      for (const pcm of this.#pending.splice(0)) inj.push(pcm);
      this.#useInjected();
      return inj;
    } catch (cause) {
      this.#injectorPromise = null;
      this.#pending = [];
      for (const w of this.#drainWaiters.splice(0)) w();
      const error = new TransportError(
        'send_audio_failed',
        `sendAudio over WebRTC needs Web Audio to inject PCM16 into the call, and that failed: ${(cause as Error)?.message ?? cause}`,
        { cause },
      );
      this.#opts.onError(error);
      throw error;
    }
  }

  #useInjected(): void {
    if (this.#injecting || !this.#injector) return;
    this.#injecting = true;
    void this.#sender
      ?.replaceTrack(this.#injector.track)
      .catch((e: unknown) => this.#opts.onError(e as Error));
  }

  #useMic(): void {
    if (!this.#injecting || this.#closed) return;
    this.#injecting = false;
    void this.#sender?.replaceTrack(this.track).catch((e: unknown) => this.#opts.onError(e as Error));
    for (const w of this.#drainWaiters.splice(0)) w();
  }

  #loadOpener(): Promise<OpenMicrophone> {
    return (this.#opts.loadMicrophone ?? loadMicrophone)();
  }

  #applyMute(): void {
    for (const t of this.#stream?.getAudioTracks() ?? []) t.enabled = !this.#muted;
  }

  async #openMic(deviceId: string | undefined): Promise<MediaStream> {
    try {
      const openMicrophone = await this.#loadOpener();
      return await openMicrophone({ deviceId, constraints: this.#opts.audioConstraints });
    } catch (cause) {
      throw new TransportError('microphone', (cause as Error)?.message ?? String(cause), { cause });
    }
  }

  #assertOpen(what: string): void {
    if (this.#closed)
      throw new TransportError(
        'closed',
        `Cannot ${what}(): the WebRTC transport is closed. Connect again first.`,
      );
  }
}
