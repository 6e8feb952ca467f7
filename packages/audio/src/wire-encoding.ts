/**
 * One entry point for the three wire encodings of the Realtime API (`pcm16`, `g711_ulaw`,
 * `g711_alaw`).
 * @module
 */
import { AudioError } from './errors.js';
import { alawDecode, alawEncode, mulawDecode, mulawEncode } from './g711.js';
import { type AudioEncoding, bytesToInt16, int16ToBytes } from './pcm.js';

/**
 * Encode PCM16 samples for the wire: little-endian bytes for `pcm16`, one G.711 byte per sample
 * otherwise.
 * @example
 * const bytes = encodeAudio(pcm, 'g711_ulaw');
 */
export function encodeAudio(samples: Int16Array, encoding: AudioEncoding): Uint8Array {
  switch (encoding) {
    case 'pcm16':
      return int16ToBytes(samples);
    case 'g711_ulaw':
      return mulawEncode(samples);
    case 'g711_alaw':
      return alawEncode(samples);
    default:
      throw badEncoding(encoding);
  }
}

/**
 * Decode wire bytes to PCM16 samples (the inverse of {@link encodeAudio}).
 * @example
 * const pcm = decodeAudio(bytes, 'g711_alaw');
 */
export function decodeAudio(bytes: Uint8Array, encoding: AudioEncoding): Int16Array {
  switch (encoding) {
    case 'pcm16':
      return bytesToInt16(bytes);
    case 'g711_ulaw':
      return mulawDecode(bytes);
    case 'g711_alaw':
      return alawDecode(bytes);
    default:
      throw badEncoding(encoding);
  }
}

function badEncoding(encoding: unknown): AudioError {
  return new AudioError(
    'invalid_argument',
    `Unknown audio encoding ${JSON.stringify(encoding)}; use 'pcm16', 'g711_ulaw' or 'g711_alaw'.`,
  );
}
