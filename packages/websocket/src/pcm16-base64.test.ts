import { decodePcm16Base64 } from '@realtime-agents/core/protocol';
import { describe, expect, it } from 'vitest';
import { decodePcm16 } from './pcm16-base64.js';

function randomBytes(n: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('decodePcm16 (Buffer on Node)', () => {
  it('answers exactly what core’s strict decoder answers', () => {
    for (let n = 0; n <= 70; n++) {
      const text = b64(randomBytes(n, n + 1));
      expect(decodePcm16(text), `${n} bytes`).toEqual(decodePcm16Base64(text));
    }
    const big = b64(randomBytes(5760, 3));
    const got = decodePcm16(big)!;
    expect(got).toEqual(decodePcm16Base64(big));
    // Natively decoded: the samples are a view on the Buffer's memory.
    expect(Buffer.isBuffer(Buffer.from(got.buffer, got.byteOffset, 2))).toBe(true);
  });

  it('declines what is not strict base64, as core does', () => {
    const good = b64(randomBytes(300, 9));
    for (const bad of [
      'AAA',
      'AA=A',
      'A===',
      '=AAA',
      'AAAA AAA',
      'AAAA\nAAA',
      'AAAAAAA-',
      'AAAAAAA_',
      'AAAAAAAé',
      'AAAAAAAŁ',
      'AB==',
      'AAB=',
      `${good.slice(0, 40)}-${good.slice(41)}`,
      `${good.slice(0, 40)}=${good.slice(41)}`,
      `${good.slice(0, 40)}"${good.slice(41)}`,
    ]) {
      expect(decodePcm16(bad), JSON.stringify(bad)).toEqual(decodePcm16Base64(bad));
    }
  });

  it('never disagrees with core on mutated input', () => {
    const base = b64(randomBytes(120, 5));
    const chars = ['A', '/', '+', '-', '_', '=', ' ', '\n', '\t', '*', '.', 'é', '"', '\u0141', '\u0101'];
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let t = 0; t < 3000; t++) {
      let s = base;
      for (let m = 0, count = 1 + rand(3); m < count; m++) {
        const at = rand(4) === 0 ? s.length - 1 - rand(4) : rand(s.length);
        const ch = chars[rand(chars.length)]!;
        const op = rand(3);
        s =
          op === 0
            ? s.slice(0, at) + ch + s.slice(at)
            : op === 1
              ? s.slice(0, at) + s.slice(at + 1)
              : s.slice(0, at) + ch + s.slice(at + 1);
      }
      expect(decodePcm16(s), s).toEqual(decodePcm16Base64(s));
    }
  });
});
