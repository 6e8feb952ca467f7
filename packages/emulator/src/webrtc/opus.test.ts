import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES_48K, OpusFrameEncoder, OpusPacketDecoder } from './opus.js';

const rms = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s / a.length);
};
function tone(frame: number, hz: number): Int16Array {
  const f = new Int16Array(FRAME_SAMPLES_48K);
  for (let i = 0; i < f.length; i++)
    f[i] = Math.round(10_000 * Math.sin((2 * Math.PI * hz * (frame * FRAME_SAMPLES_48K + i)) / 48_000));
  return f;
}
const left = (stereo: Int16Array) => stereo.filter((_, i) => i % 2 === 0);

describe('Opus (opusscript) codecs', () => {
  it('round-trips a tone: mono 20 ms frames in, stereo 48 kHz out, level kept', () => {
    const enc = new OpusFrameEncoder();
    const dec = new OpusPacketDecoder();
    let out: Int16Array = new Int16Array(0);
    for (let t = 0; t < 10; t++) out = dec.decode(enc.encode(tone(t, 440)));
    expect(out.length).toBe(FRAME_SAMPLES_48K * 2);
    expect(rms(left(out))).toBeGreaterThan(6_500); // in: 7,071
    expect(rms(left(out))).toBeLessThan(7_600);
    enc.close();
    dec.close();
  });

  it('many codecs alive at once (concurrent calls) do not corrupt each other', () => {
    // opusscript's own buffers pointed at twice their address: with several codecs alive this
    // crashed with "memory access out of bounds" / "divide by zero" or decoded garbage
    const calls = Array.from({ length: 6 }, (_, i) => ({
      enc: new OpusFrameEncoder(),
      dec: new OpusPacketDecoder(),
      hz: 300 + 100 * i,
    }));
    const last: Int16Array[] = [];
    for (let t = 0; t < 60; t++) {
      calls.forEach((c, i) => {
        last[i] = c.dec.decode(c.enc.encode(tone(t, c.hz)));
      });
      if (t === 30) {
        // hang one call up and start another, as calls come and go
        const gone = calls.shift()!;
        gone.enc.close();
        gone.dec.close();
        calls.push({ enc: new OpusFrameEncoder(), dec: new OpusPacketDecoder(), hz: 1000 });
        last.shift();
      }
    }
    for (const [i, out] of last.entries()) {
      expect(rms(left(out)), `call ${i}`).toBeGreaterThan(6_500);
      expect(rms(left(out)), `call ${i}`).toBeLessThan(7_600);
    }
    for (const c of calls) {
      c.enc.close();
      c.dec.close();
    }
  });

  it('refuses a frame of the wrong size and use after close', () => {
    const enc = new OpusFrameEncoder();
    expect(() => enc.encode(new Int16Array(100))).toThrow('960 samples, got 100');
    enc.close();
    expect(() => enc.encode(tone(0, 440))).toThrow('closed');
  });
});
