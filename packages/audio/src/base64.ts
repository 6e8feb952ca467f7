/**
 * Base64 ↔ PCM16 without Node's Buffer: native `Uint8Array.fromBase64`/`toBase64` where present,
 * else `atob`/`btoa` in 32 KiB chunks (both exist in browsers and Node ≥ 16).
 * @module
 */
import { AudioError } from './errors.js';
import { bytesToInt16, int16ToBytes } from './pcm.js';

interface NativeBase64 {
  fromBase64?: (s: string) => Uint8Array;
}
const native = Uint8Array as unknown as NativeBase64;
const CHUNK = 0x8000;

/**
 * Bytes to base64.
 * @example
 * bytesToBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const withNative = bytes as Uint8Array & { toBase64?: () => string };
  if (typeof withNative.toBase64 === 'function') return withNative.toBase64();
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/**
 * Base64 to bytes. Throws `AudioError` `invalid_base64` on malformed input.
 * @example
 * base64ToBytes('AQID'); // Uint8Array [1, 2, 3]
 */
export function base64ToBytes(b64: string): Uint8Array {
  try {
    if (typeof native.fromBase64 === 'function') return native.fromBase64(b64);
    const binary = atob(b64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch (cause) {
    throw new AudioError(
      'invalid_base64',
      `Audio payload is not valid base64 (${b64.length} characters); expected standard base64 of PCM16 little-endian bytes.`,
      { cause },
    );
  }
}

/**
 * PCM16 samples to base64 of their little-endian bytes (the Realtime API's `audio` fields).
 * @example
 * ws.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: int16ToBase64(frame) }));
 */
export function int16ToBase64(samples: Int16Array): string {
  return bytesToBase64(int16ToBytes(samples));
}

/**
 * Base64 of little-endian PCM16 bytes to samples. Throws `AudioError` (`invalid_base64`,
 * `odd_byte_length`) on bad input.
 * @example
 * const pcm = base64ToInt16(event.delta);
 */
export function base64ToInt16(b64: string): Int16Array {
  return bytesToInt16(base64ToBytes(b64));
}
