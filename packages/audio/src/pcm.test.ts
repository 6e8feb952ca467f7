import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64ToInt16, bytesToBase64, int16ToBase64 } from './base64.js';
import { AudioError } from './errors.js';
import { mulawDecode } from './g711.js';
import { linearToDbfs, peakDbfs, rmsDbfs, SILENCE_DBFS } from './level.js';
import { bytesToInt16, float32ToPcm16, int16ToBytes, pcm16ToFloat32 } from './pcm.js';
import { decodeAudio, encodeAudio } from './wire-encoding.js';

describe('PCM16 ↔ Float32', () => {
  it('round-trips every 16-bit value exactly', () => {
    const all = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    expect(Array.from(float32ToPcm16(pcm16ToFloat32(all)))).toEqual(Array.from(all));
  });
  it('clips, rounds and maps NaN to 0', () => {
    expect(Array.from(float32ToPcm16(new Float32Array([0.5, -1, 2, -2, Number.NaN, 1 / 65536])))).toEqual([
      16384, -32768, 32767, -32768, 0, 1,
    ]);
  });
});

describe('bytes and base64', () => {
  it('reads little-endian bytes at any offset', () => {
    const bytes = new Uint8Array([9, 0x01, 0x00, 0xff, 0xff]).subarray(1);
    expect(Array.from(bytesToInt16(bytes))).toEqual([1, -1]);
    expect(Array.from(int16ToBytes(new Int16Array([1, -1])))).toEqual([1, 0, 255, 255]);
  });
  it('throws odd_byte_length with advice', () => {
    try {
      bytesToInt16(new Uint8Array(3));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AudioError);
      expect((e as AudioError).code).toBe('odd_byte_length');
      expect((e as Error).message).toMatch(/odd byte length \(3\).*whole samples/);
    }
  });
  it('matches Node Buffer base64 on large random PCM', () => {
    const pcm = Int16Array.from({ length: 100_003 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const b64 = int16ToBase64(pcm);
    expect(b64).toBe(Buffer.from(pcm.buffer).toString('base64'));
    expect(Array.from(base64ToInt16(b64))).toEqual(Array.from(pcm));
    expect(Array.from(base64ToBytes(bytesToBase64(new Uint8Array([1, 2, 3]))))).toEqual([1, 2, 3]);
    expect(int16ToBase64(new Int16Array(0))).toBe('');
  });
  it('encodes a 20 ms frame pair fast (≥ 10 s of audio per 50 ms)', () => {
    const pcm = new Int16Array(24000 * 10);
    const t = performance.now();
    base64ToInt16(int16ToBase64(pcm));
    expect(performance.now() - t).toBeLessThan(50 * 4); // generous for CI jitter
  });
  it('rejects bad base64 and odd payloads with AudioError', () => {
    expect(() => base64ToInt16('***')).toThrow(/not valid base64/);
    expect(() => base64ToInt16('AQID')).toThrow(/odd byte length/);
  });
});

describe('wire encodings', () => {
  it('encodeAudio/decodeAudio for all three encodings', () => {
    const pcm = new Int16Array([0, 1000, -1000, 32767]);
    expect(Array.from(decodeAudio(encodeAudio(pcm, 'pcm16'), 'pcm16'))).toEqual(Array.from(pcm));
    expect(encodeAudio(pcm, 'g711_ulaw').length).toBe(4);
    expect(Array.from(decodeAudio(encodeAudio(pcm, 'g711_ulaw'), 'g711_ulaw'))).toEqual(
      Array.from(mulawDecode(encodeAudio(pcm, 'g711_ulaw'))),
    );
    expect(decodeAudio(encodeAudio(pcm, 'g711_alaw'), 'g711_alaw')[1]).toBeCloseTo(1000, -2);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => encodeAudio(pcm, 'opus' as any)).toThrow(/Unknown audio encoding "opus"/);
  });
});

describe('level meters', () => {
  it('reads a full-scale sine as 0 dBFS peak and −3 dBFS RMS', () => {
    const s = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48000));
    expect(peakDbfs(s)).toBeCloseTo(0, 2);
    expect(rmsDbfs(s)).toBeCloseTo(-3.01, 1);
    const i16 = float32ToPcm16(s.map((v) => v * 0.1));
    expect(rmsDbfs(i16)).toBeCloseTo(-23.01, 1);
  });
  it('floors silence at SILENCE_DBFS', () => {
    expect(rmsDbfs(new Int16Array(10))).toBe(SILENCE_DBFS);
    expect(peakDbfs(new Float32Array(0))).toBe(SILENCE_DBFS);
    expect(linearToDbfs(0.5)).toBeCloseTo(-6.02, 2);
  });
});
