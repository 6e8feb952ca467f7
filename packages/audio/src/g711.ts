/**
 * ITU-T G.711 μ-law and A-law, following the ITU-T G.191 reference (`ulaw_compress`,
 * `alaw_compress`, `*_expand`): 16-bit linear in, negative values in one's complement. Encoding uses
 * 64 KiB lookup tables built on first use; decoding uses 256-entry tables.
 * @module
 */

let ulawEnc: Uint8Array | undefined;
let alawEnc: Uint8Array | undefined;
let ulawDec: Int16Array | undefined;
let alawDec: Int16Array | undefined;

/** One μ-law code for a 16-bit sample (G.191 `ulaw_compress`). */
function ulawCompress(x: number): number {
  let absno = x < 0 ? (~x >> 2) + 33 : (x >> 2) + 33;
  if (absno > 0x1fff) absno = 0x1fff;
  let i = absno >> 6;
  let segno = 1;
  while (i !== 0) {
    segno++;
    i >>= 1;
  }
  const high = 8 - segno;
  const low = 15 - ((absno >> segno) & 0x0f);
  let code = (high << 4) | low;
  if (x >= 0) code |= 0x80;
  return code;
}

/** One A-law code for a 16-bit sample (G.191 `alaw_compress`). */
function alawCompress(x: number): number {
  let ix = x < 0 ? ~x >> 4 : x >> 4;
  if (ix > 15) {
    let iexp = 1;
    while (ix > 31) {
      ix >>= 1;
      iexp++;
    }
    ix -= 16;
    ix += iexp << 4;
  }
  if (x >= 0) ix |= 0x80;
  return ix ^ 0x55;
}

/** Linear value of one μ-law code (G.191 `ulaw_expand`). */
function ulawExpand(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = ((mantissa << 3) + 0x84) << exponent;
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** Linear value of one A-law code (G.191 `alaw_expand`). */
function alawExpand(code: number): number {
  const a = code ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = (mantissa << 4) + 8;
  if (exponent > 0) magnitude = (magnitude + 0x100) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function encodeTable(compress: (x: number) => number): Uint8Array {
  const t = new Uint8Array(65536);
  for (let x = -32768; x < 32768; x++) t[x & 0xffff] = compress(x);
  return t;
}

function decodeTable(expand: (c: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let c = 0; c < 256; c++) t[c] = expand(c);
  return t;
}

function mapEncode(samples: Int16Array, table: Uint8Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[samples[i]! & 0xffff]!;
  return out;
}

function mapDecode(codes: Uint8Array, table: Int16Array): Int16Array {
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]!]!;
  return out;
}

/**
 * Encode PCM16 samples as G.711 μ-law bytes (one byte per sample).
 * @example
 * const bytes = mulawEncode(new Int16Array([0, 1000, -1000])); // Uint8Array [0xff, 0xce, 0x4e]
 */
export function mulawEncode(samples: Int16Array): Uint8Array {
  ulawEnc ??= encodeTable(ulawCompress);
  return mapEncode(samples, ulawEnc);
}

/**
 * Decode G.711 μ-law bytes to PCM16 samples.
 * @example
 * const pcm = mulawDecode(new Uint8Array([0xff, 0x80])); // Int16Array [0, 32124]
 */
export function mulawDecode(codes: Uint8Array): Int16Array {
  ulawDec ??= decodeTable(ulawExpand);
  return mapDecode(codes, ulawDec);
}

/**
 * Encode PCM16 samples as G.711 A-law bytes (one byte per sample).
 * @example
 * const bytes = alawEncode(new Int16Array([0, 1000])); // Uint8Array [0xd5, 0xfa]
 */
export function alawEncode(samples: Int16Array): Uint8Array {
  alawEnc ??= encodeTable(alawCompress);
  return mapEncode(samples, alawEnc);
}

/**
 * Decode G.711 A-law bytes to PCM16 samples.
 * @example
 * const pcm = alawDecode(new Uint8Array([0xd5, 0xaa])); // Int16Array [8, 32256]
 */
export function alawDecode(codes: Uint8Array): Int16Array {
  alawDec ??= decodeTable(alawExpand);
  return mapDecode(codes, alawDec);
}
