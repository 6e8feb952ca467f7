/**
 * The microphone the demo hands to the transport, opened with the audio package's
 * `openMicrophone` (actionable errors) and tapped for the level meter (`createStreamTap`).
 * @module
 */
import {
  type AudioTap,
  createAudioContext,
  createStreamTap,
  openMicrophone,
  unlockAudio,
} from '@realtime-agents/audio';
import { ConnectFailure } from './connect-failure.js';

/** Opens the mic, reports its level, follows device switches, and releases everything on close. */
export class MicMeter {
  stream: MediaStream | null = null;
  readonly #onLevel: (dbfs: number) => void;
  readonly #context: AudioContext;
  readonly #unlocked: Promise<boolean>;
  #tap: AudioTap | null = null;

  /** Create from a user gesture (click): the context is unlocked right away for autoplay policies. */
  constructor(onLevel: (dbfs: number) => void) {
    this.#onLevel = onLevel;
    this.#context = createAudioContext();
    this.#unlocked = unlockAudio(this.#context);
  }

  /** Open a microphone stream; throws {@link ConnectFailure} (`microphone`) with a message to show. */
  static async openStream(deviceId?: string): Promise<MediaStream> {
    try {
      return await openMicrophone({ deviceId: deviceId || undefined });
    } catch (e) {
      throw new ConnectFailure('microphone', e);
    }
  }

  /** Open the microphone and start metering it. */
  async open(deviceId?: string): Promise<void> {
    this.stream = await MicMeter.openStream(deviceId);
    await this.#unlocked;
    await this.#tapStream(this.stream);
  }

  /** Meter another track (after a device switch); the previously opened stream is released. */
  async follow(track: MediaStreamTrack): Promise<void> {
    if (this.stream?.getAudioTracks()[0] === track) return;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = new MediaStream([track]);
    await this.#tapStream(this.stream);
  }

  close(): void {
    this.#tap?.close();
    this.#tap = null;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    void this.#context.close().catch(() => undefined);
    this.#onLevel(-120);
  }

  async #tapStream(stream: MediaStream): Promise<void> {
    this.#tap?.close();
    this.#tap = await createStreamTap(stream, {
      context: this.#context,
      attachElement: false,
      onLevel: (l) => this.#onLevel(l.rmsDbfs),
    });
  }
}
