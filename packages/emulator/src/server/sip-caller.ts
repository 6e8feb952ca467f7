/**
 * The emulated phone caller of a SIP call: speaks into the line once a model attached (G.711 μ-law
 * at 8 kHz, one 20 ms frame per 20 ms of wall time, then line silence), and records what the agent
 * says as it is played (μ-law 8 kHz too), for `GET /emulator/sip/calls/{id}/recording`.
 * @module
 */
import { mulawDecode, mulawEncode } from '@realtime-agents/audio/codecs';
import type { EngineSession } from '../engine/contracts.js';
import { resample } from '../audio/formats.js';
import { writeWav } from '../speech/wav.js';

const FRAME_MS = 20;
const FRAME_8K = 160;
/** μ-law code of digital silence. */
const MULAW_SILENCE = 0xff;

/** What the caller will say, already encoded for the line. */
export interface CallerLine {
  /** The caller's speech, μ-law 8 kHz. */
  speech: Uint8Array;
  /** Line silence before the caller starts speaking. @default 300 */
  leadMs: number;
}

/**
 * Encode PCM16 at any rate to what a phone line carries (μ-law 8 kHz).
 * @example const speech = toLine(await synth.synthesize('Hello', 'alloy', 1), 24000);
 */
export function toLine(pcm: Int16Array, sampleRate: number): Uint8Array {
  return mulawEncode(resample(pcm, sampleRate, 8000));
}

/** One emulated caller. */
export class SipCaller {
  readonly #line: CallerLine;
  readonly #recording: Uint8Array[] = [];
  #recordedSamples = 0;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  /** Why the call ended (`hangup`, `caller_hangup`, `referred`, …), once it did. */
  endReason: string | null = null;

  constructor(line: CallerLine) {
    this.#line = line;
  }

  /** Milliseconds of agent audio recorded so far. */
  get recordedMs(): number {
    return this.#recordedSamples / 8;
  }

  /** Start talking into `session` (called when a model attaches; later calls are ignored). */
  start(session: EngineSession): void {
    if (this.#timer || this.#stopped) return;
    const t0 = performance.now();
    const lead = Math.round(this.#line.leadMs / FRAME_MS) * FRAME_8K;
    let sent = 0;
    // Frames are due by wall time, so timer jitter never speeds up or slows down the caller.
    const tick = () => {
      const due = Math.floor((performance.now() - t0) / FRAME_MS);
      while (sent < due) {
        const frame = new Uint8Array(FRAME_8K).fill(MULAW_SILENCE);
        const from = sent * FRAME_8K - lead;
        if (from + FRAME_8K > 0 && from < this.#line.speech.length) {
          const start = Math.max(0, from);
          frame.set(
            this.#line.speech.subarray(start, Math.min(from + FRAME_8K, this.#line.speech.length)),
            start - from,
          );
        }
        session.appendAudio(resample(mulawDecode(frame), 8000, 24000));
        sent++;
      }
    };
    this.#timer = setInterval(tick, FRAME_MS);
  }

  /** Record 20 ms of agent audio played into the line (PCM16 24 kHz from the engine). */
  heard(pcm24k: Int16Array): void {
    if (this.#stopped) return;
    const codes = toLine(pcm24k, 24000);
    this.#recording.push(codes);
    this.#recordedSamples += codes.length;
  }

  /** The call is over: stop talking and recording. */
  stop(reason: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.endReason = reason;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The recording as a WAV file (PCM16 mono 8 kHz, decoded from the μ-law the line carried). */
  recordingWav(): Buffer {
    const all = new Uint8Array(this.#recordedSamples);
    let at = 0;
    for (const chunk of this.#recording) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return writeWav(mulawDecode(all), 8000);
  }
}
