/**
 * `AudioLevelMonitor`: microphone and speaker levels, read once per animation frame while someone
 * listens, and handed to callbacks — never through React state, so nothing re-renders per frame.
 * @module
 */
import { rmsDbfs } from '@realtime-agents/audio';

/** Levels from 0 (silence, -60 dBFS or below) to 1 (full scale). */
export interface AudioLevels {
  mic: number;
  speaker: number;
}

/** What the monitor reads from the live transport (WebRTC: `inputTrack`; WebSocket: `microphone`, `player`). */
export interface LevelSource {
  /** The transport while connected, else null. */
  transport(): LevelTransport | null;
  /** True while the microphone is muted. */
  muted(): boolean;
}

/** The optional parts of the kit's transports the monitor uses. */
export interface LevelTransport {
  readonly inputTrack?: MediaStreamTrack | null;
  readonly microphone?: { readonly track: MediaStreamTrack } | null;
  readonly player?: { level(): { rmsDbfs: number; time: number } } | null;
}

/** dBFS → 0..1 over the last 60 dB. */
export const levelFromDbfs = (dbfs: number): number => Math.min(1, Math.max(0, (dbfs + 60) / 60));

const SILENT: AudioLevels = { mic: 0, speaker: 0 };
/** How long a speaker reading from an `audio` chunk lasts before it decays to silence. */
const HOLD_MS = 120;

/**
 * Reads levels at animation-frame rate for its subscribers (the loop runs only while there are any).
 * @example
 * const stop = monitor.subscribe(({ mic }) => (bar.style.height = `${mic * 100}%`));
 */
export class AudioLevelMonitor {
  readonly #source: LevelSource;
  readonly #subscribers = new Set<(levels: AudioLevels) => void>();
  #frame = 0;
  #levels: AudioLevels = SILENT;
  #context: AudioContext | null = null;
  #mic: { track: MediaStreamTrack; analyser: AnalyserNode; node: MediaStreamAudioSourceNode } | null = null;
  #buffer: Float32Array<ArrayBuffer> | null = null;
  #chunk = { dbfs: -120, at: 0 };

  constructor(source: LevelSource) {
    this.#source = source;
  }

  /** The latest levels. */
  get levels(): AudioLevels {
    return this.#levels;
  }

  /** Assistant PCM16 as it is played (the `audio` event): the speaker level where there is no player. */
  audio(data: Int16Array): void {
    this.#chunk = { dbfs: rmsDbfs(data), at: performance.now() };
  }

  /** Call `fn` once per animation frame with the levels; returns the unsubscribe function. */
  subscribe(fn: (levels: AudioLevels) => void): () => void {
    this.#subscribers.add(fn);
    if (this.#subscribers.size === 1) this.#frame = requestAnimationFrame(this.#tick);
    return () => {
      this.#subscribers.delete(fn);
      if (this.#subscribers.size === 0) this.stop();
    };
  }

  /** Stop reading and release the audio graph (the next subscriber starts again). */
  stop(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#releaseMic();
    void this.#context?.close().catch(() => undefined);
    this.#context = null;
    this.#levels = SILENT;
  }

  readonly #tick = (): void => {
    this.#levels = this.#read();
    for (const fn of [...this.#subscribers]) fn(this.#levels);
    if (this.#subscribers.size) this.#frame = requestAnimationFrame(this.#tick);
  };

  #read(): AudioLevels {
    const t = this.#source.transport();
    if (!t) {
      this.#releaseMic();
      return SILENT;
    }
    const track = t.inputTrack ?? t.microphone?.track ?? null;
    const mic = this.#source.muted() || !track ? 0 : this.#micLevel(track);
    let speakerDb = -120;
    const player = t.player;
    if (player) speakerDb = player.level().rmsDbfs;
    else if (performance.now() - this.#chunk.at < HOLD_MS) speakerDb = this.#chunk.dbfs;
    return { mic, speaker: levelFromDbfs(speakerDb) };
  }

  #micLevel(track: MediaStreamTrack): number {
    if (this.#mic?.track !== track) {
      this.#releaseMic();
      this.#context ??= new AudioContext();
      if (this.#context.state === 'suspended') void this.#context.resume().catch(() => undefined);
      const node = this.#context.createMediaStreamSource(new MediaStream([track]));
      const analyser = this.#context.createAnalyser();
      analyser.fftSize = 1024;
      node.connect(analyser);
      this.#mic = { track, analyser, node };
      this.#buffer = new Float32Array(analyser.fftSize);
    }
    const buffer = this.#buffer!;
    this.#mic.analyser.getFloatTimeDomainData(buffer);
    return levelFromDbfs(rmsDbfs(buffer));
  }

  #releaseMic(): void {
    this.#mic?.node.disconnect();
    this.#mic = null;
  }
}
