/**
 * What the user hands to the session, checked before anything is sent: audio for `sendAudio()` as
 * PCM16 samples, images for `sendImage()` as data URLs, text for `sendText()`.
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
  if (typeof dataUrl !== 'string' || !/^data:image\/(png|jpe?g|webp|gif);base64,/.test(dataUrl))
    throw new TypeError(
      'sendImage(dataUrl) needs a data URL like data:image/png;base64,… (PNG, JPEG, WebP or GIF)',
    );
}

/**
 * Check the text for `sendText()`: a non-empty string.
 * @example
 * checkText('Hello'); // ok; '' throws a TypeError
 */
export function checkText(text: unknown): asserts text is string {
  if (typeof text !== 'string' || text === '') throw new TypeError('sendText(text) needs a non-empty string');
}
