import { alaw, mulaw } from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import { alawDecode, alawEncode, mulawDecode, mulawEncode } from './g711.js';

const all = new Int16Array(65536);
for (let i = 0; i < 65536; i++) all[i] = i - 32768;
const codes = Uint8Array.from({ length: 256 }, (_, i) => i);

describe.each([
  { name: 'μ-law', enc: mulawEncode, dec: mulawDecode, ref: mulaw },
  { name: 'A-law', enc: alawEncode, dec: alawDecode, ref: alaw },
])('$name', ({ enc, dec, ref }) => {
  it('decodes all 256 codes exactly like alawmulaw', () => {
    expect(Array.from(dec(codes))).toEqual(Array.from(ref.decode(codes)));
  });

  it('encodes every non-negative sample exactly like alawmulaw', () => {
    const pos = all.subarray(32768);
    expect(Array.from(enc(pos))).toEqual(Array.from(ref.encode(pos)));
  });

  it('round-trips every 16-bit sample like alawmulaw (127 negative boundaries differ, never worse)', () => {
    const mine = dec(enc(all));
    const theirs = ref.decode(ref.encode(all));
    let ties = 0;
    for (let i = 0; i < all.length; i++) {
      if (mine[i] !== theirs[i]) {
        // G.191 maps negatives through one's complement; alawmulaw negates. They can only
        // disagree on negative decision boundaries, where G.191 is never further from the input.
        expect(all[i]!).toBeLessThan(0);
        expect(Math.abs(all[i]! - mine[i]!)).toBeLessThanOrEqual(Math.abs(all[i]! - theirs[i]!));
        ties++;
      }
    }
    expect(ties).toBe(127);
  });

  it('decode(encode(decode(c))) is the identity on reconstruction levels', () => {
    const levels = dec(codes);
    expect(Array.from(dec(enc(levels)))).toEqual(Array.from(levels));
  });

  it('keeps the quantization error within half a step (≤ 3% of the value above the first segment)', () => {
    const back = dec(enc(all));
    for (let i = 0; i < all.length; i += 7) {
      const x = all[i]!;
      const err = Math.abs(x - back[i]!);
      expect(err).toBeLessThanOrEqual(Math.max(16, Math.abs(x) * 0.033) + 1);
    }
  });

  it('handles empty input', () => {
    expect(enc(new Int16Array(0)).length).toBe(0);
    expect(dec(new Uint8Array(0)).length).toBe(0);
  });
});

describe('G.711 known vectors (ITU-T G.191)', () => {
  it('μ-law', () => {
    expect(Array.from(mulawEncode(new Int16Array([0, -1, 32767, -32768, 1000, -1000])))).toEqual([
      0xff, 0x7f, 0x80, 0x00, 0xce, 0x4e,
    ]);
    expect(Array.from(mulawDecode(new Uint8Array([0xff, 0x7f, 0x80, 0x00])))).toEqual([0, 0, 32124, -32124]);
  });
  it('A-law', () => {
    expect(Array.from(alawEncode(new Int16Array([0, -1, 32767, -32768, 1000])))).toEqual([
      0xd5, 0x55, 0xaa, 0x2a, 0xfa,
    ]);
    expect(Array.from(alawDecode(new Uint8Array([0xd5, 0x55, 0xaa, 0x2a])))).toEqual([8, -8, 32256, -32256]);
  });
});
