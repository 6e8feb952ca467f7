/**
 * The agent's audio output for the WebSocket transport: an AudioContext created and unlocked on the
 * Connect click (autoplay policies), the audio package's player in it, and a watchdog that reports
 * a suspended context or silent output while audio is queued, with a one-tap resume.
 * @module
 */
import {
  createAudioContext,
  createAudioWatchdog,
  createPlayer,
  type Player,
  unlockAudio,
} from '@realtime-agents/audio';
import { type AudioOutput, playerOutput } from '@realtime-agents/websocket';

/** Output rate of `audio/pcm` (the player resamples if the context runs at another rate). */
const PCM_RATE = 24_000;

export class Speaker {
  readonly context: AudioContext;
  #player: Player | null = null;
  #stopWatchdog = () => {};

  /** Call synchronously from the click handler: the context is unlocked inside the gesture. */
  constructor(sinkId?: string) {
    this.context = createAudioContext({ sampleRate: PCM_RATE, ...(sinkId && { sinkId }) });
    void unlockAudio(this.context);
  }

  get player(): Player | null {
    return this.#player;
  }

  /** Create the player; returns the transport's `playback` option. */
  async output(): Promise<AudioOutput> {
    this.#player = await createPlayer({ context: this.context, sampleRate: PCM_RATE });
    return playerOutput(this.#player, { ownsPlayer: true });
  }

  /** Report audio that cannot be heard (`message`), and `null` once it plays again. */
  watch(report: (message: string | null) => void): void {
    if (!this.#player) return;
    this.#stopWatchdog = createAudioWatchdog({
      player: this.#player,
      onIssue: ({ error }) => report(error.message),
      onRecovered: () => report(null),
    });
  }

  /** One-tap resume (call from a click). */
  resume(): Promise<boolean> {
    return unlockAudio(this.context);
  }

  close(): void {
    this.#stopWatchdog();
    this.#player?.close();
    if (this.context.state !== 'closed') void this.context.close().catch(() => undefined);
  }
}
