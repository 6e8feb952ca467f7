/**
 * The size bound of one outgoing event: a WebSocket frame or a WebRTC data channel message.
 * @module
 */
import { TransportError } from '../errors.js';

/**
 * The UTF-8 size of a string in bytes, counted without encoding it.
 * @example
 * utf8Length('héllo') // 6
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair is one 4-byte code point
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The UTF-8 size of `json` when it is over `limit` bytes, else null. Cheap for small events: UTF-8
 * takes at most 3 bytes per UTF-16 unit, so short strings are never encoded.
 * @example
 * const bytes = oversizeBytes(JSON.stringify(event), 65536);
 * if (bytes !== null) throw eventTooLargeError(event.type, bytes, 65536, 'the data channel');
 */
export function oversizeBytes(json: string, limit: number): number | null {
  if (json.length * 3 <= limit) return null;
  const bytes = utf8Length(json);
  return bytes > limit ? bytes : null;
}

/**
 * The `event_too_large` error: nothing was sent, the connection lives on. `carrier` names the limit
 * (`the WebRTC data channel`, `the WebSocket transport (maxEventBytes)`).
 * @example
 * throw eventTooLargeError('conversation.item.create', 70000, 65536, 'the WebRTC data channel');
 */
export function eventTooLargeError(
  type: string,
  bytes: number,
  limit: number,
  carrier: string,
): TransportError {
  const hint =
    type === 'conversation.item.create'
      ? ' Shrink the content (e.g. downscale images before sendImage) or split long text into several messages.'
      : type === 'session.update'
        ? ' Shorten the instructions or tool descriptions.'
        : ' Send large content in smaller pieces.';
  return new TransportError(
    'event_too_large',
    `The '${type}' event is ${bytes} bytes, more than the ${limit}-byte maximum message size of ${carrier} (a ${limit}-byte limit per event); it was not sent.${hint}`,
  );
}
