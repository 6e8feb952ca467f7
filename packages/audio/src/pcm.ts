/**
 * PCM16 conversions: Int16 ↔ Float32 samples, little-endian bytes ↔ Int16 (the wire encodings are
 * in `wire-encoding.ts`, so code that only converts PCM does not carry G.711).
 * @module
 */
import { AudioError } from './errors.js';

/** Wire encodings of the Realtime API's audio. */
export type AudioEncoding = 'pcm16' | 'g711_ulaw' | 'g711_alaw';

/** True on little-endian hosts (all browsers and Node builds in practice). */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * PCM16 samples to floats in [-1, 1) (divides by 32768, so the round trip is exact).
 * @example
 * pcm16ToFloat32(new Int16Array([16384, -32768])); // Float32Array [0.5, -1]
 */
export function pcm16ToFloat32(samples: Int16Array, out = new Float32Array(samples.length)): Float32Array {
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

/**
 * Float samples to PCM16: scaled by 32768, rounded, clipped to [-32768, 32767]; NaN becomes 0.
 * @example
 * float32ToPcm16(new Float32Array([0.5, -1, 2])); // Int16Array [16384, -32768, 32767]
 */
export function float32ToPcm16(samples: Float32Array, out = new Int16Array(samples.length)): Int16Array {
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v || 0;
  }
  return out;
}

/**
 * Little-endian PCM16 bytes to samples (copies, so any byte offset works).
 * Throws `AudioError` `odd_byte_length` when the length is odd.
 * @example
 * bytesToInt16(new Uint8Array([0x01, 0x00])); // Int16Array [1]
 */
export function bytesToInt16(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0) {
    throw new AudioError(
      'odd_byte_length',
      `PCM16 data has an odd byte length (${bytes.byteLength}); each sample is 2 bytes. ` +
        'Send whole samples (little-endian Int16), or keep the odd byte for the next chunk.',
    );
  }
  const out = new Int16Array(bytes.byteLength / 2);
  new Uint8Array(out.buffer).set(bytes);
  if (!littleEndian) swap16(new Uint8Array(out.buffer));
  return out;
}

/**
 * PCM16 samples as little-endian bytes. Returns a view of the same memory on little-endian hosts.
 * @example
 * int16ToBytes(new Int16Array([1])); // Uint8Array [0x01, 0x00]
 */
export function int16ToBytes(samples: Int16Array): Uint8Array {
  const view = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  if (littleEndian) return view;
  const copy = view.slice();
  swap16(copy);
  return copy;
}

function swap16(bytes: Uint8Array): void {
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const t = bytes[i]!;
    bytes[i] = bytes[i + 1]!;
    bytes[i + 1] = t;
  }
}
