/**
 * Wire audio formats ↔ the engine's internal PCM16 mono 24 kHz. G.711 and resampling come from
 * `@realtime-agents/audio/codecs`; this file only adapts shapes.
 * @module
 */
import {
  alawDecode,
  alawEncode,
  mulawDecode,
  mulawEncode,
  resample as resampleCodec,
} from '@realtime-agents/audio/codecs';
import type { AudioFormat } from '@realtime-agents/core/protocol';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Resample PCM16 mono.
 * @example const pcm24k = resample(pcm22k, 22050, 24000);
 */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  return fromRate === toRate ? samples : resampleCodec(samples, fromRate, toRate);
}

/** Bytes per millisecond of a wire format. */
export function bytesPerMs(format: AudioFormat): number {
  return format.type === 'audio/pcm' ? 48 : 8;
}

/** PCM16 little-endian bytes of samples. */
export function pcmToBytes(samples: Int16Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const buf = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i]!, i * 2);
  return buf;
}

/** Samples of PCM16 little-endian bytes (an odd trailing byte is dropped). */
export function bytesToPcm(bytes: Uint8Array): Int16Array {
  const n = bytes.length >> 1;
  const out = new Int16Array(n);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(0, n * 2));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Decode wire bytes of `format` to PCM16 24 kHz. */
export function decodeToPcm24k(bytes: Uint8Array, format: AudioFormat): Int16Array {
  if (format.type === 'audio/pcm') return bytesToPcm(bytes);
  const pcm8k = format.type === 'audio/pcmu' ? mulawDecode(bytes) : alawDecode(bytes);
  return resample(pcm8k, 8000, 24000);
}

/** Encode PCM16 24 kHz to wire bytes of `format`. */
export function encodeFromPcm24k(samples: Int16Array, format: AudioFormat): Buffer {
  if (format.type === 'audio/pcm') return pcmToBytes(samples);
  const pcm8k = resample(samples, 24000, 8000);
  const codes = format.type === 'audio/pcmu' ? mulawEncode(pcm8k) : alawEncode(pcm8k);
  return Buffer.from(codes.buffer, codes.byteOffset, codes.length);
}

/** Milliseconds of PCM16 24 kHz samples. */
export const samplesToMs = (n: number): number => n / 24;
