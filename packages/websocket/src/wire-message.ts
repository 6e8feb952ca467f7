/**
 * Parsing one server message off the WebSocket, with the fast path for audio deltas.
 * @module
 */
import { parseAudioDeltaWire } from '@realtime-agents/core/protocol';
import { decodePcm16 } from './pcm16-base64.js';

/** A decoded server event (not yet validated; the session's parser does that). */
export interface WireEvent {
  type?: unknown;
  [key: string]: unknown;
}

/** A parsed message: the event, and its samples when the audio fast path decoded them. */
export interface ParsedWireMessage {
  event: WireEvent;
  pcm?: Int16Array;
}

const AUDIO_DELTA_TYPE = '"response.output_audio.delta"';
/** The type field comes first on the wire (`{"type":…`, after an `event_id` at most). */
const TYPE_WINDOW = 160;

/**
 * Whether a message may be an audio delta, looking only at its head: transcript deltas, which also
 * carry `"delta":"…"`, then go straight to `JSON.parse` instead of being parsed twice.
 * @example
 * mayBeAudioDelta('{"type":"response.output_audio_transcript.delta","delta":"Hi"}') // false
 */
export function mayBeAudioDelta(text: string): boolean {
  return text.slice(0, TYPE_WINDOW).includes(AUDIO_DELTA_TYPE);
}

/**
 * Parse one message. PCM16 audio deltas skip `JSON.parse` over their base64 and come back decoded
 * (`pcm`); everything else is `JSON.parse`d once. Null when the text is not a JSON object (the
 * session reports it as a ProtocolError).
 * @example
 * const parsed = parseWireMessage(text, true);
 * if (parsed?.pcm) play(parsed.pcm);
 */
export function parseWireMessage(text: string, pcm16: boolean): ParsedWireMessage | null {
  const fast = pcm16 && mayBeAudioDelta(text) ? parseAudioDeltaWire(text, decodePcm16) : null;
  if (fast) return { event: fast.event, pcm: fast.pcm };
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return null;
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) return null;
  return { event: event as WireEvent };
}
