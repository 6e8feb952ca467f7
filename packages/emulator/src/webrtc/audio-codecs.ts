/**
 * The RTP audio codecs a call can negotiate: Opus 48 kHz (what browsers use) and the G.711
 * fallbacks PCMU/PCMA at 8 kHz (answered only when an offer lacks Opus). Each gives a 20 ms frame
 * encoder for the assistant's speech and a packet decoder for the caller's microphone.
 * @module
 */
import { alawDecode, alawEncode, mulawDecode, mulawEncode } from '@realtime-agents/audio/codecs';
import { FRAME_SAMPLES_48K, OpusFrameEncoder, OpusPacketDecoder } from './opus.js';

export interface FrameEncoder {
  /** Encode one 20 ms frame of mono PCM16 at the codec's clock rate. */
  encode(frame: Int16Array): Buffer;
  close(): void;
}

export interface PacketDecoder {
  /** Decode one RTP payload to interleaved PCM16 at the codec's clock rate (`channels` wide). */
  decode(payload: Buffer): Int16Array;
  close(): void;
}

export interface AudioCodec {
  name: 'opus' | 'pcmu' | 'pcma';
  /** RTP clock rate = PCM sample rate. */
  clockRate: number;
  /** Channels of the decoder's output. */
  decodedChannels: 1 | 2;
  /** Samples in one 20 ms frame. */
  frameSamples: number;
  createEncoder(): FrameEncoder;
  createDecoder(): PacketDecoder;
}

const g711 = (
  name: 'pcmu' | 'pcma',
  encode: (pcm: Int16Array) => Uint8Array,
  decode: (codes: Uint8Array) => Int16Array,
): AudioCodec => ({
  name,
  clockRate: 8000,
  decodedChannels: 1,
  frameSamples: 160,
  createEncoder: () => ({
    encode: (frame) => Buffer.from(encode(frame)),
    close: () => {},
  }),
  createDecoder: () => ({
    decode: (payload) => decode(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)),
    close: () => {},
  }),
});

export const OPUS: AudioCodec = {
  name: 'opus',
  clockRate: 48000,
  decodedChannels: 2,
  frameSamples: FRAME_SAMPLES_48K,
  createEncoder: () => new OpusFrameEncoder(),
  createDecoder: () => new OpusPacketDecoder(),
};
export const PCMU: AudioCodec = g711('pcmu', mulawEncode, mulawDecode);
export const PCMA: AudioCodec = g711('pcma', alawEncode, alawDecode);

/** The codec for an RTP mime type (`audio/opus`, `audio/PCMU`, `audio/PCMA`), or null. */
export function codecForMime(mimeType: string | undefined): AudioCodec | null {
  switch (mimeType?.toLowerCase()) {
    case 'audio/opus':
      return OPUS;
    case 'audio/pcmu':
      return PCMU;
    case 'audio/pcma':
      return PCMA;
    default:
      return null;
  }
}
