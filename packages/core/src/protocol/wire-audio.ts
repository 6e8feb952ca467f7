/**
 * Fast paths for the bulk of a Realtime stream (protocol §6.4), used by the WebSocket transport and
 * `ScriptedTransport` alike: base64 PCM16 → samples without building `atob`'s binary string, and
 * `response.output_audio.delta` wire strings parsed without running `JSON.parse` over their kilobytes
 * of base64. Both answer `null` whenever the input is not the plain case they prove equivalent, and
 * the caller then takes the general path. No DOM or Node built-ins; nothing runs until first use.
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
  // Whole samples only: the general decoders disagree on an odd last byte (dropped or an error).
  if ((((len >> 2) * 3 - pad) & 1) !== 0) return null;
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
  for (let i = 0, end = groups << 2; i < end; i += 4) {
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

const KEY = '"delta":"';

/** An audio delta parsed from its wire string, with its samples. */
export interface WireAudioDelta {
  event: { type: 'response.output_audio.delta'; delta: string; item_id: string } & Record<string, unknown>;
  pcm: Int16Array;
}

/**
 * Parse a `response.output_audio.delta` wire string with `JSON.parse` on everything but the base64,
 * and decode the base64 straight from the string as PCM16 ({@link decodePcm16Base64}). Gives exactly
 * what `JSON.parse(wire)` gives (same keys, same order), or `null` to say "use JSON.parse": when the
 * message is another event, has escapes, has more than one `"delta"`, or its delta is short or not
 * strict base64 of whole samples. For G.711 sessions ignore `pcm` (or do not call it).
 * @example
 * const fast = parseAudioDeltaWire(text);
 * const event = fast ? fast.event : JSON.parse(text);
 * if (fast) play(fast.pcm); // 24 kHz PCM16
 *
 * Why it is exact: with no backslash anywhere, every `"` opens or closes a string, so in valid JSON
 * the only `"delta":"` is a key followed by a string value that runs to the next `"`. That value is
 * only base64 characters (checked by the decoder), which are valid string content, so the message
 * is valid JSON exactly when it is with that value emptied, and parses to the same object but for it.
 */
export function parseAudioDeltaWire(wire: string): WireAudioDelta | null {
  const k = wire.indexOf(KEY);
  if (k < 0) return null;
  const start = k + KEY.length;
  const end = wire.indexOf('"', start);
  // Short deltas are not worth it; an empty one would be indistinguishable from the emptied value.
  if (end - start < 64) return null;
  const head = wire.slice(0, start);
  const tail = wire.slice(end);
  if (
    head.indexOf('\\') >= 0 ||
    tail.indexOf('\\') >= 0 ||
    head.indexOf('"delta"') !== k ||
    tail.indexOf('"delta"') >= 0
  )
    return null;
  let value: unknown;
  try {
    value = JSON.parse(head + tail);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const e = value as Record<string, unknown>;
  // The fields parseServerEvent requires of this event; without them the general path reports it.
  if (
    e.type !== 'response.output_audio.delta' ||
    e.delta !== '' ||
    typeof e.item_id !== 'string' ||
    typeof e.response_id !== 'string' ||
    typeof e.output_index !== 'number' ||
    typeof e.content_index !== 'number'
  )
    return null;
  const delta = wire.slice(start, end);
  const pcm = decodePcm16Base64(delta);
  if (!pcm) return null;
  e.delta = delta;
  return { event: e as WireAudioDelta['event'], pcm };
}
