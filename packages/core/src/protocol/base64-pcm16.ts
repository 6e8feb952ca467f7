/**
 * Strict base64 of little-endian PCM16 → samples, the bulk of a Realtime stream (protocol §6.4).
 * Uses the platform's `Uint8Array.fromBase64` where it exists (current browsers) and a table-driven
 * decoder that never builds `atob`'s binary string elsewhere. No DOM or Node built-ins; nothing runs
 * until first use.
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const EQ = 61; // '='

/** Base64 character code → its 6 bits, -1 for anything else. */
let single: Int16Array | null = null;
/** Two base64 characters read as one native-endian Uint16 → their 12 bits, -1 for anything else. */
let pairs: Int16Array | null = null;
/** A web global in browsers and Node ≥ 11; typed here so core needs no DOM lib. */
interface Utf8Encoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
let encoder: Utf8Encoder | null = null;
let scratch = new Uint8Array(0);
let scratch16 = new Uint16Array(0);

/** `Uint8Array.fromBase64` (TC39 proposal, in current browsers), typed here so core needs no DOM lib. */
type FromBase64 = (b64: string) => Uint8Array;
/** The native decoder, `null` where there is none; `undefined` until first looked up. */
let native: FromBase64 | null | undefined;

let le: boolean | undefined;
/** Whether typed arrays are little-endian here, so wire bytes can be viewed as samples as they are. */
const littleEndian = (): boolean => (le ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1);

function nativeDecoder(): FromBase64 | null {
  if (native !== undefined) return native;
  const from = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  native = typeof from === 'function' && littleEndian() ? (b64) => from.call(Uint8Array, b64) : null;
  return native;
}

function tables(): [Int16Array, Int16Array] {
  if (single && pairs) return [single, pairs];
  single = new Int16Array(256).fill(-1);
  pairs = new Int16Array(65536).fill(-1);
  const two = new Uint8Array(2);
  const key = new Uint16Array(two.buffer);
  for (let a = 0; a < 64; a++) {
    single[ALPHABET.charCodeAt(a)] = a;
    two[0] = ALPHABET.charCodeAt(a);
    for (let b = 0; b < 64; b++) {
      two[1] = ALPHABET.charCodeAt(b);
      pairs[key[0]!] = (a << 6) | b;
    }
  }
  return [single, pairs];
}

/**
 * Strict standard base64 (length a multiple of 4, `=` padding only at the end) of little-endian PCM16
 * → samples, exactly what `atob` + pairing bytes gives. `null` for anything else (whitespace, missing
 * padding, other characters, an odd number of bytes), so the caller can fall back to its general
 * decoder, which decides (or throws).
 * @example
 * const pcm = decodePcm16Base64(event.delta) ?? base64ToInt16(event.delta);
 */
export function decodePcm16Base64(b64: string): Int16Array | null {
  const len = b64.length;
  if (len % 4 !== 0) return null;
  if (len === 0) return new Int16Array(0);
  const pad = b64.charCodeAt(len - 1) === EQ ? (b64.charCodeAt(len - 2) === EQ ? 2 : 1) : 0;
  const bytes = (len >> 2) * 3 - pad;
  // Whole samples only: the general decoders disagree on an odd last byte (dropped or an error).
  if ((bytes & 1) !== 0) return null;
  const from = nativeDecoder();
  return from ? viaNative(from, b64, bytes) : decodePure(b64, len, pad);
}

/**
 * The native decoder is forgiving in ways the strict format is not: it skips ASCII whitespace and
 * ignores nonzero bits in the last character. A skipped character always leaves fewer than `bytes`
 * bytes (the length is a multiple of 4 and the padding was counted from its end), so the length
 * check rejects whitespace; the last-character bits are ignored by `atob` too.
 */
function viaNative(from: FromBase64, b64: string, bytes: number): Int16Array | null {
  let out: Uint8Array;
  try {
    out = from(b64);
  } catch {
    return null;
  }
  if (out.length !== bytes) return null;
  return out.byteOffset % 2 === 0
    ? new Int16Array(out.buffer, out.byteOffset, bytes >> 1)
    : new Int16Array(new Uint8Array(out).buffer, 0, bytes >> 1);
}

/**
 * The pure decoder behind {@link decodePcm16Base64}, for hosts without `Uint8Array.fromBase64`;
 * `len` is a positive multiple of 4 and `pad` the count of trailing `=`.
 */
function decodePure(b64: string, len: number, pad: number): Int16Array | null {
  if (scratch.length < len) {
    scratch = new Uint8Array(Math.max(len + 8, scratch.length * 2));
    scratch16 = new Uint16Array(scratch.buffer);
  }
  encoder ??= new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();
  // ASCII in, one byte per character; any other character makes it write more than `len` bytes.
  if (encoder.encodeInto(b64, scratch).written !== len) return null;
  const out = new Int16Array(((len >> 2) * 3 - pad) >> 1);
  const [one, two] = tables();
  const c = scratch16;
  // Whole 8-character groups without padding: 6 bytes = 3 samples each, read as 4 character pairs.
  const groups = (len - (pad ? 4 : 0)) >> 3;
  let bad = 0;
  let j = 0;
  let i = 0;
  if (littleEndian()) {
    // Two groups at a time, 12 bytes stored as three 32-bit words (~15% faster than per sample).
    const words = new Int32Array(out.buffer, 0, out.length >> 1);
    for (let w = 0, end = (groups >> 1) << 3; i < end; i += 8, w += 3) {
      const v0 = (two[c[i]!]! << 12) | two[c[i + 1]!]!; // bytes 0-2: v0 >> 16, (v0 >> 8) & 255, v0 & 255
      const v1 = (two[c[i + 2]!]! << 12) | two[c[i + 3]!]!; // bytes 3-5
      const v2 = (two[c[i + 4]!]! << 12) | two[c[i + 5]!]!; // bytes 6-8
      const v3 = (two[c[i + 6]!]! << 12) | two[c[i + 7]!]!; // bytes 9-11
      bad |= v0 | v1 | v2 | v3;
      words[w] = ((v0 >> 16) & 0xff) | (v0 & 0xff00) | ((v0 & 0xff) << 16) | ((v1 >> 16) << 24);
      words[w + 1] = ((v1 >> 8) & 0xff) | ((v1 & 0xff) << 8) | (v2 & 0xff0000) | ((v2 & 0xff00) << 16);
      words[w + 2] = (v2 & 0xff) | ((v3 >> 8) & 0xff00) | ((v3 & 0xff00) << 8) | (v3 << 24);
    }
    j = (i >> 2) * 3;
  }
  for (const end = groups << 2; i < end; i += 4) {
    const p = two[c[i]!]!;
    const q = two[c[i + 1]!]!;
    const r = two[c[i + 2]!]!;
    const s = two[c[i + 3]!]!;
    bad |= p | q | r | s;
    const v = (p << 12) | q; // bytes: v >> 16, (v >> 8) & 255, v & 255
    const w = (r << 12) | s;
    out[j] = (v >> 16) | (v & 0xff00);
    out[j + 1] = (v & 0xff) | ((w >> 8) & 0xff00);
    out[j + 2] = ((w >> 8) & 0xff) | ((w & 0xff) << 8);
    j += 3;
  }
  if (bad < 0) return null;
  // The rest: one or two quads, the last one possibly padded; at most 6 bytes.
  const rest: number[] = [];
  for (let i = groups << 3; i < len; i += 4) {
    const last = i + 4 === len;
    const a = one[scratch[i]!]!;
    const b = one[scratch[i + 1]!]!;
    const x = last && pad === 2 ? 0 : one[scratch[i + 2]!]!;
    const y = last && pad > 0 ? 0 : one[scratch[i + 3]!]!;
    if ((a | b | x | y) < 0) return null;
    const v = (a << 18) | (b << 12) | (x << 6) | y;
    rest.push(v >> 16);
    if (!(last && pad === 2)) rest.push((v >> 8) & 0xff);
    if (!(last && pad > 0)) rest.push(v & 0xff);
  }
  for (let k = 0; k + 1 < rest.length; k += 2) out[j++] = rest[k]! | (rest[k + 1]! << 8);
  return out;
}
