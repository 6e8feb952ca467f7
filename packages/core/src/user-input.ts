/**
 * What the user hands to the session, checked before anything is sent: audio for `sendAudio()` as
 * PCM16 samples, images for `sendImage()` as data URLs, text for `sendText()`, both for `sendMessage()`.
 * @module
 */

/**
 * PCM16 samples from an `Int16Array`, `ArrayBuffer` or `Uint8Array` (bytes are copied, so the
 * caller may reuse its buffer). Throws a `TypeError` that says what to pass instead.
 * @example
 * toPcm16(new Uint8Array([0x01, 0x00])) // Int16Array [1]
 */
export function toPcm16(pcm16: Int16Array | ArrayBuffer | Uint8Array): Int16Array {
  if (pcm16 instanceof Int16Array) return pcm16;
  if (pcm16 instanceof ArrayBuffer || pcm16 instanceof Uint8Array) {
    const bytes = pcm16 instanceof Uint8Array ? pcm16 : new Uint8Array(pcm16);
    if (bytes.byteLength % 2 !== 0) {
      throw new TypeError(
        `sendAudio: PCM16 needs an even number of bytes, got ${bytes.byteLength}; pass whole 16-bit samples`,
      );
    }
    return new Int16Array(bytes.slice().buffer);
  }
  throw new TypeError('sendAudio(pcm16) needs an Int16Array, ArrayBuffer or Uint8Array of PCM16 samples');
}

/**
 * Check an image for `sendImage()`: a base64 `data:` URL of a PNG, JPEG, WebP or GIF.
 * @example
 * checkImageDataUrl('data:image/png;base64,iVBOR…'); // ok; 'https://…' throws a TypeError
 */
export function checkImageDataUrl(dataUrl: unknown): asserts dataUrl is string {
  if (typeof dataUrl !== 'string' || !IMAGE_URL.test(dataUrl))
    throw new TypeError(
      'sendImage(dataUrl) needs a data URL like data:image/png;base64,… (PNG, JPEG, WebP or GIF)',
    );
}

/**
 * The content of `sendImage(dataUrl)`: one `input_image` part, after checking the URL.
 * @example
 * imageContent('data:image/png;base64,iVBOR…'); // [{ type: 'input_image', image_url: … }]
 */
export function imageContent(dataUrl: unknown): UserContent[] {
  checkImageDataUrl(dataUrl);
  return [{ type: 'input_image', image_url: dataUrl }];
}

/**
 * Check the text for `sendText()`: a non-empty string.
 * @example
 * checkText('Hello'); // ok; '' throws a TypeError
 */
export function checkText(text: unknown): asserts text is string {
  if (typeof text !== 'string' || text === '') throw new TypeError('sendText(text) needs a non-empty string');
}

/** A user message for `sendMessage()`: text, or text and/or images (base64 `data:` URLs) in one item. */
export type UserMessageInput = string | { text?: string; images?: readonly string[] };

type UserContent = { type: 'input_text'; text: string } | { type: 'input_image'; image_url: string };

const IMAGE_URL = /^data:image\/(png|jpe?g|webp|gif);base64,/;

/**
 * The content parts of one user message: the text first, then each image. Throws a `TypeError`
 * naming the part that is wrong.
 * @example
 * userMessageContent({ text: 'What is this?', images: [dataUrl] })
 * // → [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: dataUrl }]
 */
export function userMessageContent(message: UserMessageInput): UserContent[] {
  const m = typeof message === 'string' ? { text: message } : message;
  if (typeof m !== 'object' || m === null)
    throw new TypeError('sendMessage(message) needs a string or { text?, images? }');
  const content: UserContent[] = [];
  if (m.text !== undefined) {
    if (typeof m.text !== 'string' || m.text === '')
      throw new TypeError('sendMessage: text must be a non-empty string (or leave it out)');
    content.push({ type: 'input_text', text: m.text });
  }
  if (m.images !== undefined && !Array.isArray(m.images))
    throw new TypeError('sendMessage: images must be an array of data URLs');
  for (const [i, url] of (m.images ?? []).entries()) {
    if (typeof url !== 'string' || !IMAGE_URL.test(url))
      throw new TypeError(
        `sendMessage: images[${i}] must be a data URL like data:image/png;base64,… (PNG, JPEG, WebP or GIF)`,
      );
    content.push({ type: 'input_image', image_url: url });
  }
  if (content.length === 0) throw new TypeError('sendMessage: give text, images or both');
  return content;
}
