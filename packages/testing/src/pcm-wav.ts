/**
 * Reads the WAV files a fake microphone plays: PCM16 (format 1), mono or stereo (mixed down).
 * Anything else is refused with what the file is and how to convert it.
 * @module
 */

/** Mono PCM16 samples and their rate. */
export interface Pcm16 {
  samples: Int16Array;
  sampleRate: number;
}

const CONVERT = 'convert it with: ffmpeg -i in.wav -ac 1 -c:a pcm_s16le out.wav';

/**
 * Parse a PCM16 WAV; `name` labels errors.
 * @example
 * const { samples, sampleRate } = readPcm16Wav(readFileSync('hello.wav'), 'hello.wav');
 */
export function readPcm16Wav(bytes: Uint8Array, name: string): Pcm16 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new Error(
      `${name} is not a WAV file (no RIFF/WAVE header); the microphone plays PCM16 WAV — ${CONVERT}`,
    );
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | null = null;
  for (let o = 12; o + 8 <= bytes.length; ) {
    const id = tag(o);
    const size = view.getUint32(o + 4, true);
    const body = o + 8;
    if (id === 'fmt ') {
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
      // WAVE_FORMAT_EXTENSIBLE: the real format is the sub-format GUID's first two bytes
      if (fmt.format === 0xfffe && size >= 26) fmt.format = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${name}: its data chunk comes before any fmt chunk; ${CONVERT}`);
      if (fmt.format !== 1 || fmt.bits !== 16) {
        const what = fmt.format === 3 ? `${fmt.bits}-bit float` : `${fmt.bits}-bit, format ${fmt.format}`;
        throw new Error(`${name} is ${what}; the microphone plays 16-bit PCM (format 1) only — ${CONVERT}`);
      }
      if (fmt.channels < 1 || fmt.channels > 2)
        throw new Error(
          `${name} has ${fmt.channels} channels; the microphone plays mono or stereo — ${CONVERT}`,
        );
      const frames = Math.floor(Math.min(size, bytes.length - body) / 2 / fmt.channels);
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < fmt.channels; c++) sum += view.getInt16(body + (i * fmt.channels + c) * 2, true);
        samples[i] = Math.round(sum / fmt.channels);
      }
      return { samples, sampleRate: fmt.sampleRate };
    }
    o = body + size + (size % 2);
  }
  throw new Error(`${name} has no data chunk; ${CONVERT}`);
}
