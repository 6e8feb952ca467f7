/**
 * `@realtime-agents/audio/codecs`: the package's pure functions, no DOM and no Node built-ins, for
 * browsers, Node (emulator, SIP bridges) and worker threads alike.
 * @example
 * import { mulawEncode, resample, int16ToBase64 } from '@realtime-agents/audio/codecs';
 * const ulaw = mulawEncode(resample(pcm24k, 24000, 8000));
 * @module
 */

/** G.711 μ-law and A-law (ITU-T G.191 reference behaviour). */
export { alawDecode, alawEncode, mulawDecode, mulawEncode } from './g711.js';
/** Band-limited resampling: one-shot {@link resample} and streaming {@link Resampler}. */
export { Resampler, resample } from './resampler.js';
/** PCM16 ↔ Float32 and bytes, and the wire encodings. */
export {
  type AudioEncoding,
  bytesToInt16,
  float32ToPcm16,
  int16ToBytes,
  pcm16ToFloat32,
} from './pcm.js';
export { decodeAudio, encodeAudio } from './wire-encoding.js';
/** Base64 of PCM16 without Buffer. */
export { base64ToBytes, base64ToInt16, bytesToBase64, int16ToBase64 } from './base64.js';
/** Level meters in dBFS. */
export { linearToDbfs, peakDbfs, rmsDbfs, SILENCE_DBFS } from './level.js';
/** The package's error class. */
export { AudioError, type AudioErrorCode } from './errors.js';
