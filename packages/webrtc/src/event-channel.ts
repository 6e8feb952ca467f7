/**
 * The `oai-events` data channel: one JSON event per message both ways, with the negotiated
 * maximum message size enforced before sending (an oversized message would kill the channel).
 * @module
 */
import { TransportError } from '@realtime-agents/core';
import type { ClientEvent } from '@realtime-agents/core/protocol';
import { eventTooLargeError, oversizeBytes } from '@realtime-agents/core/transport-kit';

/** Chromium's limit when the remote SDP names none. */
export const DEFAULT_MAX_MESSAGE_SIZE = 65536;

/**
 * Send one client event as JSON. Throws `TransportError` `closed` when the channel is not open,
 * `event_too_large` when the event exceeds `maxMessageSize` bytes.
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
  const bytes = oversizeBytes(json, limit);
  if (bytes !== null) throw eventTooLargeError(event.type, bytes, limit, 'the WebRTC data channel');
  channel.send(json);
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
