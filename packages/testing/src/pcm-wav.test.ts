import { describe, expect, it } from 'vitest';
import { readPcm16Wav } from './pcm-wav.js';

/** A WAV with one fmt and one data chunk. */
function wav(format: number, channels: number, bits: number, rate: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(44 + data.length);
  const v = new DataView(out.buffer);
  const put = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + data.length, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, format, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint16(34, bits, true);
  put(36, 'data');
  v.setUint32(40, data.length, true);
  out.set(data, 44);
  return out;
}

describe('readPcm16Wav', () => {
  it('reads PCM16 mono and mixes stereo down', () => {
    const mono = new Int16Array([1, -2, 300]);
    expect(readPcm16Wav(wav(1, 1, 16, 16000, new Uint8Array(mono.buffer)), 'a.wav')).toEqual({
      samples: mono,
      sampleRate: 16000,
    });
    const stereo = new Int16Array([100, 200, -100, -300]);
    expect(readPcm16Wav(wav(1, 2, 16, 48000, new Uint8Array(stereo.buffer)), 'b.wav').samples).toEqual(
      new Int16Array([150, -200]),
    );
  });

  it('refuses other formats, saying what the file is and how to convert it', () => {
    expect(() => readPcm16Wav(wav(3, 1, 32, 48000, new Uint8Array(8)), 'float.wav')).toThrow(
      'float.wav is 32-bit float; the microphone plays 16-bit PCM (format 1) only — convert it with: ffmpeg -i in.wav -ac 1 -c:a pcm_s16le out.wav',
    );
    expect(() => readPcm16Wav(wav(1, 1, 8, 8000, new Uint8Array(8)), 'u8.wav')).toThrow(
      'u8.wav is 8-bit, format 1; the microphone plays 16-bit PCM',
    );
    expect(() => readPcm16Wav(new TextEncoder().encode('ID3 not a wav at all'), 'song.mp3')).toThrow(
      'song.mp3 is not a WAV file (no RIFF/WAVE header)',
    );
  });
});
