import { describe, expect, it } from 'vitest';
import { decodePcm16Base64 } from './base64-pcm16.js';

/** The reference: atob, then little-endian byte pairs. */
function viaAtob(b64: string): Int16Array {
  const bin = atob(b64);
  const out = new Int16Array(bin.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bin.charCodeAt(2 * i) | (bin.charCodeAt(2 * i + 1) << 8);
  return out;
}

function randomBase64(n: number, seed: number): string {
  let a = seed >>> 0;
  let bin = '';
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    bin += String.fromCharCode(a >>> 24);
  }
  return btoa(bin);
}

describe('decodePcm16Base64 with the browser’s Uint8Array.fromBase64', () => {
  it('runs where the native decoder exists', () => {
    expect(typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64).toBe('function');
  });

  it('matches atob for every length and padding; odd byte counts answer null', () => {
    for (let n = 0; n <= 70; n++) {
      const text = randomBase64(n, n + 11);
      expect(decodePcm16Base64(text), `${n} bytes`).toEqual(n % 2 ? null : viaAtob(text));
    }
    const big = randomBase64(5760, 3);
    expect(decodePcm16Base64(big)).toEqual(viaAtob(big));
    // Nonzero bits in the last character: atob ignores them, and so does the native decoder.
    expect(decodePcm16Base64('AB==')).toBeNull(); // one byte: odd
    expect(decodePcm16Base64('AAB=')).toEqual(viaAtob('AAB='));
  });

  it('answers null for anything but strict base64', () => {
    const good = randomBase64(300, 5);
    for (const bad of [
      'AAA',
      'AAAAA',
      'AA=A',
      'A===',
      '=AAA',
      'AAAA AAA',
      'AAAA\nAAA',
      'AAAAAA A',
      ' AAAAAAA',
      'AAAAAAA-',
      'AAAAAAA_',
      'AAAAAAAé',
      `${good.slice(0, 40)}"${good.slice(41)}`,
      `${good.slice(0, 40)}=${good.slice(41)}`,
      `${good.slice(0, 40)} ${good.slice(41)}`,
      `${good.slice(0, 40)}\t${good.slice(41)}`,
    ]) {
      expect(decodePcm16Base64(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(decodePcm16Base64('')).toEqual(new Int16Array(0));
  });
});
