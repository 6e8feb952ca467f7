/**
 * The `oai-events` data channel: one JSON event per message both ways, with the negotiated
 * maximum message size enforced before sending (an oversized message would kill the channel).
 * @module
 */
import { TransportError } from '@realtime-agents/core';
import type { ClientEvent } from '@realtime-agents/core/protocol';

/** Chromium's limit when the remote SDP names none. */
export const DEFAULT_MAX_MESSAGE_SIZE = 65536;

const encoder = new TextEncoder();

/**
 * Send one client event as JSON. Throws `TransportError` `closed` when the channel is not open,
 * `message_too_large` when the event exceeds `maxMessageSize` bytes.
 * @example
 * sendEvent(dc, { type: 'response.create' }, pc.sctp?.maxMessageSize);
 */
export function sendEvent(channel: RTCDataChannel, event: ClientEvent, maxMessageSize?: number | null): void {
  if (channel.readyState !== 'open') {
    throw new TransportError(
      'closed',
      `Cannot send '${event.type}': the WebRTC data channel is ${channel.readyState}. Connect (or reconnect) first.`,
    );
  }
  const json = JSON.stringify(event);
  const limit = maxMessageSize && Number.isFinite(maxMessageSize) ? maxMessageSize : DEFAULT_MAX_MESSAGE_SIZE;
  // cheap bound first: UTF-8 is at most 3 bytes per UTF-16 unit
  if (json.length * 3 > limit) {
    const bytes = encoder.encode(json).byteLength;
    if (bytes > limit) throw tooLarge(event, bytes, limit);
  }
  channel.send(json);
}

function tooLarge(event: ClientEvent, bytes: number, limit: number): TransportError {
  const what =
    event.type === 'conversation.item.create'
      ? ' Shrink the content (e.g. downscale images before sendImage) or split long text into several messages.'
      : event.type === 'session.update'
        ? ' Shorten the instructions or tool descriptions.'
        : '';
  return new TransportError(
    'message_too_large',
    `The '${event.type}' event is ${bytes} bytes, more than the ${limit}-byte maximum message size of the WebRTC data channel; it was not sent.${what} The WebSocket transport has no such limit.`,
  );
}

/** Parse one data channel message; returns null for non-JSON (reported by the session's parser instead). */
export function parseMessage(data: unknown): { type?: unknown; [k: string]: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as { type?: unknown }) : null;
  } catch {
    return null;
  }
}
