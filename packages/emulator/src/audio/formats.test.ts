import { describe, expect, it } from 'vitest';
import { bytesToPcm, decodeToPcm24k, encodeFromPcm24k, pcmToBytes } from './formats.js';

describe('wire formats', () => {
  it('PCM16 little-endian round trip, odd trailing byte dropped', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const bytes = pcmToBytes(pcm);
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytesToPcm(bytes)).toEqual(pcm);
    expect(bytesToPcm(new Uint8Array([1, 0, 9]))).toEqual(Int16Array.from([1]));
    expect(
      decodeToPcm24k(new Uint8Array(Buffer.from(bytes).subarray(1, 5)), { type: 'audio/pcm', rate: 24000 }),
    ).toEqual(Int16Array.from([256, -256]));
  });

  it('G.711: 24 kHz in → 8 kHz, one byte a sample, and back', () => {
    const tone = Int16Array.from({ length: 2400 }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000)),
    );
    for (const type of ['audio/pcmu', 'audio/pcma'] as const) {
      const wire = encodeFromPcm24k(tone, { type });
      expect(wire.length).toBe(800);
      const back = decodeToPcm24k(wire, { type });
      expect(Math.abs(back.length - 2400)).toBeLessThanOrEqual(3);
      const peak = Math.max(...back.slice(100, 2000).map(Math.abs));
      expect(peak).toBeGreaterThan(7000);
      expect(peak).toBeLessThan(9000);
    }
  });
});
