/**
 * Audio on the wire (protocol §5.2, §6.4): PCM16 24 kHz or G.711 μ-law/A-law 8 kHz, base64 in JSON,
 * and the 15 MiB limit of one `input_audio_buffer.append`.
 * @module
 */
import {
  alawDecode,
  alawEncode,
  base64ToBytes,
  base64ToInt16,
  bytesToBase64,
  int16ToBase64,
  mulawDecode,
  mulawEncode,
} from '@realtime-agents/audio/codecs';
import { formatRate } from '@realtime-agents/core';
import type { AudioFormat } from '@realtime-agents/core/protocol';
import { decodePcm16 } from './pcm16-base64.js';

/** The largest `input_audio_buffer.append` payload the API accepts (protocol §9). */
export const MAX_APPEND_BYTES = 15 * 1024 * 1024;

/** Sample rate of a wire format (24 kHz PCM, 8 kHz G.711). */
export const wireRate = (format: AudioFormat | undefined): number => formatRate(format);

/**
 * PCM16 samples (at the format's rate) → base64 in the wire format.
 * @example encodeWireAudio(pcm8k, { type: 'audio/pcmu' }) // base64 μ-law, one byte a sample
 */
export function encodeWireAudio(pcm16: Int16Array, format: AudioFormat | undefined): string {
  switch (format?.type) {
    case 'audio/pcmu':
      return bytesToBase64(mulawEncode(pcm16));
    case 'audio/pcma':
      return bytesToBase64(alawEncode(pcm16));
    default:
      return int16ToBase64(pcm16);
  }
}

/**
 * Whether a wire format is PCM16 (`audio/pcm`, also the default when none is set), i.e. not G.711.
 * @example isPcm16Wire({ type: 'audio/pcmu' }) // false
 */
export const isPcm16Wire = (format: AudioFormat | undefined): boolean =>
  format?.type !== 'audio/pcmu' && format?.type !== 'audio/pcma';

/**
 * Base64 wire audio → PCM16 samples at the format's rate. PCM16 in strict base64 takes the native
 * decoder (`Buffer` on Node) or core's `decodePcm16Base64` (the code `ScriptedTransport` runs);
 * anything else `base64ToInt16`, which decides or throws.
 * @example decodeWireAudio(event.delta, session.audio.output.format)
 */
export function decodeWireAudio(b64: string, format: AudioFormat | undefined): Int16Array {
  switch (format?.type) {
    case 'audio/pcmu':
      return mulawDecode(base64ToBytes(b64));
    case 'audio/pcma':
      return alawDecode(base64ToBytes(b64));
    default:
      return decodePcm16(b64) ?? base64ToInt16(b64);
  }
}

/**
 * Split base64 audio into pieces of at most `maxBytes` of JSON payload. Cuts fall on multiples of
 * 16 base64 characters (12 bytes: whole base64 groups, whole PCM16 samples), so every piece decodes
 * on its own to whole samples.
 * @example splitBase64(hugeB64, MAX_APPEND_BYTES).map((audio) => ({ type: 'input_audio_buffer.append', audio }))
 */
export function splitBase64(b64: string, maxBytes = MAX_APPEND_BYTES): string[] {
  if (b64.length <= maxBytes) return [b64];
  const step = Math.max(16, Math.floor(maxBytes / 16) * 16);
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += step) out.push(b64.slice(i, i + step));
  return out;
}
