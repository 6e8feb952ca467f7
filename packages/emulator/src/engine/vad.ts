/**
 * Energy-based voice activity detection on PCM16 24 kHz, in 20 ms frames, honouring the session's
 * `server_vad` fields (threshold, prefix_padding_ms, silence_duration_ms). `semantic_vad` runs the
 * same detector with a silence window derived from `eagerness`.
 * @module
 */
import type { TurnDetection } from '@realtime-agents/core/protocol';

const FRAME = 480; // 20 ms at 24 kHz
const MIN_SPEECH_FRAMES = 2;

/** A VAD transition, in ms of session audio (since the first sample written). */
export type VadEvent =
  | { type: 'speech_started'; audioStartMs: number }
  | { type: 'speech_stopped'; audioEndMs: number };

/** Map `threshold` (0–1) to an RMS level in dBFS: 0 → −60, 0.5 → −35, 1 → −10. */
export const thresholdToDb = (threshold: number): number => -60 + 50 * threshold;

const SEMANTIC_SILENCE_MS = { low: 1200, medium: 700, auto: 700, high: 300 } as const;

/** Detector settings resolved from a `turn_detection` object. */
export interface VadSettings {
  thresholdDb: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
}

/** Resolve settings from the session's turn detection (null when VAD is off). */
export function vadSettings(td: TurnDetection): VadSettings | null {
  if (!td) return null;
  if (td.type === 'semantic_vad')
    return {
      thresholdDb: thresholdToDb(0.5),
      prefixPaddingMs: 300,
      silenceDurationMs: SEMANTIC_SILENCE_MS[td.eagerness ?? 'auto'],
    };
  return {
    thresholdDb: thresholdToDb(td.threshold ?? 0.5),
    prefixPaddingMs: td.prefix_padding_ms ?? 300,
    silenceDurationMs: td.silence_duration_ms ?? 200,
  };
}

/** RMS level of samples in dBFS (−100 for digital silence). */
export function rmsDb(samples: Int16Array, start = 0, end = samples.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, end - start)) / 32768;
  return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}

/** Streaming detector. Feed audio with {@link Vad.push}; it returns the transitions it saw. */
export class Vad {
  #settings: VadSettings;
  #pending = new Int16Array(FRAME);
  #pendingLength = 0;
  #frames = 0; // frames processed since the start of the session
  #speaking = false;
  #speechRun = 0;
  #silenceRun = 0;

  constructor(settings: VadSettings) {
    this.#settings = settings;
  }

  /** True between speech_started and speech_stopped. */
  get speaking(): boolean {
    return this.#speaking;
  }

  /** Change settings without resetting the current speech state. */
  update(settings: VadSettings): void {
    this.#settings = settings;
  }

  /** Forget a turn in progress (after input_audio_buffer.clear or a manual commit). */
  reset(): void {
    this.#speaking = false;
    this.#speechRun = 0;
    this.#silenceRun = 0;
  }

  /** Align the frame clock to the session's audio position (call once before the first push). */
  sync(totalSamples: number): void {
    this.#frames = Math.floor(totalSamples / FRAME);
    this.#pendingLength = 0;
  }

  push(samples: Int16Array, floorMs = 0): VadEvent[] {
    const events: VadEvent[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(FRAME - this.#pendingLength, samples.length - offset);
      this.#pending.set(samples.subarray(offset, offset + take), this.#pendingLength);
      this.#pendingLength += take;
      offset += take;
      if (this.#pendingLength < FRAME) break;
      this.#pendingLength = 0;
      this.#frames++;
      const event = this.#frame(rmsDb(this.#pending) >= this.#settings.thresholdDb, floorMs);
      if (event) events.push(event);
    }
    return events;
  }

  #frame(voiced: boolean, floorMs: number): VadEvent | null {
    const nowMs = this.#frames * 20;
    if (!this.#speaking) {
      this.#speechRun = voiced ? this.#speechRun + 1 : 0;
      if (this.#speechRun >= MIN_SPEECH_FRAMES) {
        this.#speaking = true;
        this.#silenceRun = 0;
        const onsetMs = nowMs - this.#speechRun * 20;
        return {
          type: 'speech_started',
          audioStartMs: Math.max(floorMs, onsetMs - this.#settings.prefixPaddingMs),
        };
      }
      return null;
    }
    this.#silenceRun = voiced ? 0 : this.#silenceRun + 1;
    if (this.#silenceRun * 20 >= this.#settings.silenceDurationMs) {
      this.#speaking = false;
      this.#speechRun = 0;
      this.#silenceRun = 0;
      return { type: 'speech_stopped', audioEndMs: nowMs };
    }
    return null;
  }
}
