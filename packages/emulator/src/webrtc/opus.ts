/**
 * Opus at 48 kHz through `opusscript` (wasm, no native build): a mono 20 ms frame encoder for the
 * assistant's speech and a stereo decoder for the caller's microphone. Both hold wasm memory, so
 * call `close()` when the call ends.
 * @module
 */
import OpusScript from 'opusscript';

/** Samples per channel in one 20 ms frame at 48 kHz. */
export const FRAME_SAMPLES_48K = 960;
/** Duration of one frame. */
export const FRAME_MS = 20;

/** opusscript's view of its own wasm buffers (not in its typings). */
interface OpusScriptBuffers {
  inPCM: Uint16Array;
  inPCMPointer: number;
  inPCMLength: number;
  outPCM: Uint16Array;
  outPCMPointer: number;
  outPCMLength: number;
}

/**
 * A codec whose PCM buffers sit where opusscript allocated them. opusscript 0.1.1 builds them with
 * `HEAPU16.subarray(pointer, …)`, i.e. at twice the byte address `_malloc` returned, so every
 * encode/decode wrote into memory owned by something else: with two calls at once the other codec's
 * state was corrupted (`divide by zero`, `memory access out of bounds`, opus_decoder.c aborts).
 */
function createOpus(channels: number): OpusScript {
  const opus = new OpusScript(48000, channels, OpusScript.Application.VOIP);
  const b = opus as unknown as OpusScriptBuffers;
  b.inPCM = new Uint16Array(b.inPCM.buffer, b.inPCMPointer, b.inPCMLength / 2);
  b.outPCM = new Uint16Array(b.outPCM.buffer, b.outPCMPointer, b.outPCMLength / 2);
  return opus;
}

/** Encodes 20 ms frames of 48 kHz mono PCM16 into Opus packets. */
export class OpusFrameEncoder {
  #opus: OpusScript | null = createOpus(1);

  /** Encode exactly one frame (960 samples). */
  encode(frame: Int16Array): Buffer {
    if (!this.#opus) throw new Error('Opus encoder is closed');
    if (frame.length !== FRAME_SAMPLES_48K) {
      throw new Error(`Opus frame must be ${FRAME_SAMPLES_48K} samples, got ${frame.length}`);
    }
    const pcm = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    return Buffer.from(this.#opus.encode(pcm, FRAME_SAMPLES_48K));
  }

  close(): void {
    this.#opus?.delete();
    this.#opus = null;
  }
}

/** Decodes Opus packets (any frame size) to 48 kHz interleaved stereo PCM16. */
export class OpusPacketDecoder {
  #opus: OpusScript | null = createOpus(2);

  /** Decode one packet; throws on a corrupt packet. */
  decode(packet: Buffer): Int16Array {
    if (!this.#opus) throw new Error('Opus decoder is closed');
    const out = this.#opus.decode(packet);
    // Copy out of the decoder's reusable buffer, aligned for Int16Array.
    const samples = new Int16Array(out.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = out.readInt16LE(i * 2);
    return samples;
  }

  close(): void {
    this.#opus?.delete();
    this.#opus = null;
  }
}
