/**
 * The caller's microphone: RTP audio payloads in, PCM16 mono 24 kHz out (what the engine's input
 * buffer and VAD take). Each payload is decoded by the codec its payload type was negotiated for
 * (Opus at 48 kHz stereo, or G.711 at 8 kHz), the channels are averaged, and a streaming
 * band-limited resampler (`@realtime-agents/audio/codecs`) brings it to 24 kHz.
 * @module
 */
import { Resampler } from '@realtime-agents/audio/codecs';
import type { AudioCodec, PacketDecoder } from './audio-codecs.js';

/** Counters for the log and tests. */
export interface MicInputStats {
  packets: number;
  /** Packets that failed to decode or had an unknown payload type (skipped, never fatal). */
  badPackets: number;
  /** Samples delivered at 24 kHz. */
  samples24k: number;
}

interface Decoding {
  codec: AudioCodec;
  decoder: PacketDecoder;
  resampler: Resampler;
}

export class MicInput {
  readonly stats: MicInputStats = { packets: 0, badPackets: 0, samples24k: 0 };
  readonly #codecs: ReadonlyMap<number, AudioCodec>;
  readonly #decodings = new Map<number, Decoding>();
  readonly #onPcm: (pcm24k: Int16Array) => void;
  #closed = false;

  /** `codecs`: the negotiated payload types. */
  constructor(codecs: ReadonlyMap<number, AudioCodec>, onPcm: (pcm24k: Int16Array) => void) {
    this.#codecs = codecs;
    this.#onPcm = onPcm;
  }

  /** Feed one RTP payload. Corrupt, empty or unknown packets are counted and skipped. */
  push(payloadType: number, payload: Buffer): void {
    if (this.#closed) return;
    this.stats.packets++;
    const d = this.#decoding(payloadType);
    if (!d || payload.length === 0) {
      this.stats.badPackets++;
      return;
    }
    let decoded: Int16Array;
    try {
      decoded = d.decoder.decode(payload);
    } catch {
      this.stats.badPackets++;
      return;
    }
    let mono = decoded;
    if (d.codec.decodedChannels === 2) {
      mono = new Int16Array(decoded.length >> 1);
      for (let i = 0; i < mono.length; i++) mono[i] = (decoded[2 * i]! + decoded[2 * i + 1]!) >> 1;
    }
    const pcm = d.resampler.process(mono);
    if (pcm.length === 0) return;
    this.stats.samples24k += pcm.length;
    this.#onPcm(pcm);
  }

  close(): void {
    this.#closed = true;
    for (const d of this.#decodings.values()) d.decoder.close();
    this.#decodings.clear();
  }

  #decoding(payloadType: number): Decoding | null {
    const existing = this.#decodings.get(payloadType);
    if (existing) return existing;
    const codec = this.#codecs.get(payloadType);
    if (!codec) return null;
    const d = { codec, decoder: codec.createDecoder(), resampler: new Resampler(codec.clockRate, 24000) };
    this.#decodings.set(payloadType, d);
    return d;
  }
}
