/**
 * The caller's microphone: Opus RTP payloads in, PCM16 mono 24 kHz out (what the engine's input
 * buffer and VAD take). Decode at 48 kHz stereo → average the channels → streaming band-limited
 * resampling to 24 kHz (`@realtime-agents/audio/codecs`, ~1 ms look-ahead).
 * @module
 */
import { Resampler } from '@realtime-agents/audio/codecs';
import { OpusPacketDecoder } from './opus.js';

/** Counters for the log and tests. */
export interface MicInputStats {
  packets: number;
  /** Packets that failed to decode (skipped, never fatal). */
  badPackets: number;
  /** Samples delivered at 24 kHz. */
  samples24k: number;
}

export class MicInput {
  readonly stats: MicInputStats = { packets: 0, badPackets: 0, samples24k: 0 };
  #decoder: OpusPacketDecoder | null = new OpusPacketDecoder();
  readonly #resampler = new Resampler(48000, 24000);
  readonly #onPcm: (pcm24k: Int16Array) => void;

  constructor(onPcm: (pcm24k: Int16Array) => void) {
    this.#onPcm = onPcm;
  }

  /** Feed one Opus RTP payload. Corrupt or empty packets are counted and skipped. */
  push(payload: Buffer): void {
    if (!this.#decoder) return;
    this.stats.packets++;
    if (payload.length === 0) {
      this.stats.badPackets++;
      return;
    }
    let stereo: Int16Array;
    try {
      stereo = this.#decoder.decode(payload);
    } catch {
      this.stats.badPackets++;
      return;
    }
    const mono = new Int16Array(stereo.length >> 1);
    for (let i = 0; i < mono.length; i++) mono[i] = (stereo[2 * i]! + stereo[2 * i + 1]!) >> 1;
    const pcm = this.#resampler.process(mono);
    if (pcm.length === 0) return;
    this.stats.samples24k += pcm.length;
    this.#onPcm(pcm);
  }

  close(): void {
    this.#decoder?.close();
    this.#decoder = null;
  }
}
