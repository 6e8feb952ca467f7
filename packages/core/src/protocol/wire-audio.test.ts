import { describe, expect, it } from 'vitest';
import { decodePcm16Base64, parseAudioDeltaWire } from './wire-audio.js';

/** The reference: atob, then little-endian byte pairs (an odd last byte dropped). */
function viaAtob(b64: string): Int16Array {
  const bin = atob(b64);
  const out = new Int16Array(bin.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bin.charCodeAt(2 * i) | (bin.charCodeAt(2 * i + 1) << 8);
  return out;
}

function randomBytes(n: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function wire(delta: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'response.output_audio.delta',
    event_id: 'evt_1',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: 0,
    content_index: 0,
    delta,
    ...extra,
  });
}

const B64 = toBase64(randomBytes(300, 7));

describe('decodePcm16Base64', () => {
  it('matches atob for every length and padding; odd byte counts answer null', () => {
    for (let n = 0; n <= 70; n++) {
      for (const seed of [1, 2, 3]) {
        const b64 = toBase64(randomBytes(n, seed * 100 + n));
        expect(decodePcm16Base64(b64), `${n} bytes`).toEqual(n % 2 ? null : viaAtob(b64));
      }
    }
    const big = toBase64(randomBytes(5762, 9));
    expect(decodePcm16Base64(big)).toEqual(viaAtob(big));
  });

  it('covers every sample value', () => {
    const bytes = new Uint8Array(65536 * 2);
    for (let v = 0; v < 65536; v++) {
      bytes[2 * v] = v & 0xff;
      bytes[2 * v + 1] = v >> 8;
    }
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    const out = decodePcm16Base64(btoa(bin))!;
    expect(out.length).toBe(65536);
    for (let v = 0; v < 65536; v++)
      if (out[v] !== (v << 16) >> 16) throw new Error(`sample ${v} is ${out[v]}`);
  });

  it('answers null for anything but strict base64, so the caller falls back to atob', () => {
    for (const bad of [
      'AAA',
      'AAAAA',
      'AA=A',
      'A===',
      '=AAA',
      'AAAA AAA',
      'AAAA\nAAA',
      'AAAAAAA-',
      'AAAAAAA_',
      'AAAAAAAé',
      'AAAAAAA€',
      `${B64.slice(0, 40)}"${B64.slice(41)}`,
      `${B64.slice(0, 40)}\\${B64.slice(41)}`,
      `${B64.slice(0, 40)}=${B64.slice(41)}`,
    ]) {
      expect(decodePcm16Base64(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(decodePcm16Base64('')).toEqual(new Int16Array(0));
  });
});

describe('parseAudioDeltaWire', () => {
  it('gives exactly what JSON.parse gives, key order included, and the samples', () => {
    for (const extra of [{}, { obfuscation: 'x' }, { nested: { a: [1, 'two', null] } }]) {
      const w = wire(B64, extra);
      const r = parseAudioDeltaWire(w)!;
      expect(r).not.toBeNull();
      expect(r.event).toStrictEqual(JSON.parse(w));
      expect(Object.keys(r.event)).toEqual(Object.keys(JSON.parse(w)));
      expect(r.pcm).toEqual(viaAtob(B64));
    }
    // delta first or last, whitespace around
    const first = `{ "delta":"${B64}" , "type" : "response.output_audio.delta", "item_id":"i", "response_id":"r", "output_index":0, "content_index":0 }`;
    expect(parseAudioDeltaWire(first)!.event).toStrictEqual(JSON.parse(first));
  });

  it('reads the members around the delta as JSON.parse does, plain or not', () => {
    const d = `"delta":"${B64}"`;
    const req =
      '"type":"response.output_audio.delta","item_id":"i","response_id":"r","output_index":0,"content_index":0';
    for (const w of [
      `{${req},${d}}`,
      `{${d},${req}}`,
      `{"2":1,${req},"10":true,${d},"1":false,"b":null}`,
      `{${req},"x":-0,"y":-12,"z":1.5,"e":1e3,"big":123456789012345678901,${d}}`,
      `{${req},"type":"response.output_audio.delta","output_index":7,${d},"item_id":"j"}`,
      `{${req},"s":"café ☃ \ud83d","n":{"a":1},"l":[1,2],${d}}`,
      `{${req},"__proto__":{"polluted":1},${d}}`,
      `{${req},"constructor":"c","toString":"t",${d}}`,
      `{ ${req} , ${d} }`,
    ]) {
      const r = parseAudioDeltaWire(w);
      expect(r, w.slice(0, 120)).not.toBeNull();
      const want = JSON.parse(w);
      expect(r!.event).toStrictEqual(want);
      expect(Object.keys(r!.event)).toEqual(Object.keys(want));
      expect(Object.getPrototypeOf(r!.event)).toBe(Object.prototype);
      expect(Object.is(r!.event.x, want.x)).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects what JSON.parse rejects around the delta', () => {
    const d = `"delta":"${B64}"`;
    const req =
      '"type":"response.output_audio.delta","item_id":"i","response_id":"r","output_index":0,"content_index":0';
    for (const w of [
      `{,${d},${req}}`,
      `{${req},${d},}`,
      `{${req},,${d}}`,
      `{${req},"n":01,${d}}`,
      `{${req},"n":-,${d}}`,
      `{${req},"n":+1,${d}}`,
      `{${req},"n":tru,${d}}`,
      `{${req},"n":truex,${d}}`,
      `{${req},"s":"a\tb",${d}}`,
      `{${req},"k"1,${d}}`,
      `{${req},k:1,${d}}`,
      `{${req},"s":'x',${d}}`,
    ]) {
      expect(() => JSON.parse(w), w.slice(0, 120)).toThrow();
      expect(parseAudioDeltaWire(w), w.slice(0, 120)).toBeNull();
    }
  });

  it('decodes with the decoder it is given', () => {
    const pcm = new Int16Array([1, 2, 3]);
    expect(parseAudioDeltaWire(wire(B64), () => pcm)!.pcm).toBe(pcm);
    expect(parseAudioDeltaWire(wire(B64), () => null)).toBeNull();
  });

  it('leaves everything it cannot prove equal to JSON.parse', () => {
    const cases = [
      // not an audio delta
      wire(B64).replace('response.output_audio.delta', 'response.output_text.delta'),
      // short delta
      wire('AAAA'),
      // an odd number of bytes
      wire(toBase64(randomBytes(301, 5))),
      // escapes anywhere
      wire(B64, { note: 'a "quoted" word' }),
      wire(B64, { note: 'caf\u00e9\\' }),
      // another "delta" key, nested or duplicated
      wire(B64, { nested: { delta: 'x' } }),
      `{"type":"response.output_audio.delta","item_id":"i","x":{"delta":"${B64}"},"delta":""}`,
      `{"type":"response.output_audio.delta","item_id":"i","delta":"${B64}","delta":"AAAA"}`,
      // nested only: no top-level delta
      `{"type":"response.output_audio.delta","item_id":"i","x":{"delta":"${B64}"}}`,
      // not base64 inside the delta
      wire(`${B64.slice(0, 80)} ${B64.slice(81)}`),
      wire(`${B64.slice(0, 80)}é${B64.slice(81)}`),
      `{"type":"response.output_audio.delta","item_id":"i","delta":"${B64.slice(0, 80)}\n${B64.slice(81)}"}`,
      // item_id missing or not a string
      `{"type":"response.output_audio.delta","delta":"${B64}"}`,
      `{"type":"response.output_audio.delta","item_id":7,"delta":"${B64}"}`,
      // a field parseServerEvent requires is missing or of the wrong type
      wire(B64).replace('"response_id":"resp_1",', ''),
      wire(B64).replace('"output_index":0,', ''),
      wire(B64).replace('"content_index":0', '"content_index":"0"'),
      // not valid JSON
      `{"type":"response.output_audio.delta","item_id":"i","delta":"${B64}"`,
      `{"type":"response.output_audio.delta","item_id":"i","delta":"${B64}"}}`,
      `{"type":"response.output_audio.delta","item_id":"i" "delta":"${B64}"}`,
      `["response.output_audio.delta",{"delta":"${B64}"}]`,
      `x"delta":"${B64}"`,
    ];
    for (const c of cases) expect(parseAudioDeltaWire(c), c.slice(0, 120)).toBeNull();
  });

  it('never disagrees with JSON.parse on mutated messages', () => {
    const base = wire(B64);
    const chars = ['"', '\\', '{', '}', ',', ':', ' ', 'A', '=', '\n', '[', ']', '0'];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let accepted = 0;
    let invalid = 0;
    for (let t = 0; t < 4000; t++) {
      let w = base;
      for (let m = 0, count = 1 + rand(3); m < count; m++) {
        // Mostly around the fields (the head and tail), sometimes inside the base64.
        const pick = rand(4);
        const at = pick === 0 ? rand(w.length) : pick === 1 ? w.length - 1 - rand(8) : rand(170);
        const op = rand(3);
        const ch = chars[rand(chars.length)]!;
        w =
          op === 0
            ? w.slice(0, at) + ch + w.slice(at)
            : op === 1
              ? w.slice(0, at) + w.slice(at + 1)
              : w.slice(0, at) + ch + w.slice(at + 1);
      }
      const r = parseAudioDeltaWire(w);
      if (!r) {
        try {
          JSON.parse(w);
        } catch {
          invalid++;
        }
        continue;
      }
      accepted++;
      expect(r.event, w).toStrictEqual(JSON.parse(w));
      expect(r.pcm).toEqual(viaAtob(r.event.delta));
    }
    // Both sides of the fast path were exercised.
    expect(accepted).toBeGreaterThan(200);
    expect(invalid).toBeGreaterThan(200);
  });
});
