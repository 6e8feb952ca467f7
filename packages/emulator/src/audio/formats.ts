/**
 * Wire audio formats ↔ the engine's internal PCM16 mono 24 kHz. G.711 and resampling come from
 * `@realtime-agents/audio/codecs` (loaded once by {@link loadCodecs}); this file only adapts shapes.
 * @module
 */
import type { AudioFormat } from '@realtime-agents/core';

/** The functions this package uses from `@realtime-agents/audio/codecs`. */
export interface Codecs {
  mulawEncode(samples: Int16Array): Uint8Array;
  mulawDecode(codes: Uint8Array): Int16Array;
  alawEncode(samples: Int16Array): Uint8Array;
  alawDecode(codes: Uint8Array): Int16Array;
  resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array;
}

let codecs: Partial<Codecs> | undefined;

/** Load the codecs module once (call before using G.711 or {@link resample}). */
export async function loadCodecs(): Promise<void> {
  if (codecs) return;
  const specifier = '@realtime-agents/audio/codecs';
  try {
    codecs = (await import(/* @vite-ignore */ specifier)) as Partial<Codecs>;
  } catch {
    codecs = {};
  }
}

function need<K extends keyof Codecs>(name: K): Codecs[K] {
  const fn = codecs?.[name];
  if (!fn)
    throw new Error(`@realtime-agents/audio/codecs does not provide ${name}() (call loadCodecs() first)`);
  return fn;
}

/** Resample PCM16 mono (linear interpolation fallback when the codecs module has no resampler). */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples;
  if (codecs?.resample) return codecs.resample(samples, fromRate, toRate);
  const outLength = Math.round((samples.length * toRate) / fromRate);
  const out = new Int16Array(outLength);
  const step = fromRate / toRate;
  for (let i = 0; i < outLength; i++) {
    const pos = i * step;
    const j = Math.floor(pos);
    const a = samples[j] ?? 0;
    const b = samples[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (pos - j));
  }
  return out;
}

/** Bytes per millisecond of a wire format. */
export function bytesPerMs(format: AudioFormat): number {
  return format.type === 'audio/pcm' ? 48 : 8;
}

/** PCM16 little-endian bytes of samples. */
export function pcmToBytes(samples: Int16Array): Buffer {
  const buf = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i]!, i * 2);
  return buf;
}

/** Samples of PCM16 little-endian bytes (an odd trailing byte is dropped). */
export function bytesToPcm(bytes: Uint8Array): Int16Array {
  const n = bytes.length >> 1;
  const out = new Int16Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Decode wire bytes of `format` to PCM16 24 kHz. */
export function decodeToPcm24k(bytes: Uint8Array, format: AudioFormat): Int16Array {
  if (format.type === 'audio/pcm') return bytesToPcm(bytes);
  const pcm8k = format.type === 'audio/pcmu' ? need('mulawDecode')(bytes) : need('alawDecode')(bytes);
  return resample(pcm8k, 8000, 24000);
}

/** Encode PCM16 24 kHz to wire bytes of `format`. */
export function encodeFromPcm24k(samples: Int16Array, format: AudioFormat): Buffer {
  if (format.type === 'audio/pcm') return pcmToBytes(samples);
  const pcm8k = resample(samples, 24000, 8000);
  const codes = format.type === 'audio/pcmu' ? need('mulawEncode')(pcm8k) : need('alawEncode')(pcm8k);
  return Buffer.from(codes.buffer, codes.byteOffset, codes.length);
}

/** Milliseconds of PCM16 24 kHz samples. */
export const samplesToMs = (n: number): number => n / 24;
