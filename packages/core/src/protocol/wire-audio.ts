/**
 * The fast path for the bulk of a Realtime stream (protocol §6.4), used by the WebSocket transport and
 * `ScriptedTransport` alike: `response.output_audio.delta` wire strings parsed without running
 * `JSON.parse` over their kilobytes of base64, and the base64 decoded as PCM16 ({@link
 * decodePcm16Base64}). It answers `null` whenever the input is not the plain case it proves
 * equivalent, and the caller then takes the general path. No DOM or Node built-ins.
 * @module
 */

import { decodePcm16Base64 } from './base64-pcm16.js';

export { decodePcm16Base64 };

const KEY = '"delta":"';

/** An audio delta parsed from its wire string, with its samples. */
export interface WireAudioDelta {
  event: { type: 'response.output_audio.delta'; delta: string; item_id: string } & Record<string, unknown>;
  pcm: Int16Array;
}

/**
 * Parse a `response.output_audio.delta` wire string with `JSON.parse` on everything but the base64,
 * and decode the base64 straight from the string as PCM16 with `decode` (default {@link
 * decodePcm16Base64}; a transport may pass a native decoder that is just as strict). Gives exactly
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
export function parseAudioDeltaWire(
  wire: string,
  decode: (b64: string) => Int16Array | null = decodePcm16Base64,
): WireAudioDelta | null {
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
  const pcm = decode(delta);
  if (!pcm) return null;
  e.delta = delta;
  return { event: e as WireAudioDelta['event'], pcm };
}
