/** Webhook payloads of the Realtime Calls API (protocol §8.2). */

/** One SIP INVITE header as delivered in `realtime.call.incoming`. */
export interface SipHeader {
  name: string;
  value: string;
}

/** Sent when a SIP call reaches your project; accept, reject or refer it by `data.call_id`. */
export interface RealtimeCallIncomingEvent {
  object: 'event';
  id: string;
  type: 'realtime.call.incoming';
  created_at: number;
  data: { call_id: string; sip_headers: SipHeader[] };
}

/** Any webhook event: `realtime.call.incoming` narrowed by `type`, others left open. */
export type WebhookEvent =
  | RealtimeCallIncomingEvent
  | { object: 'event'; id: string; type: string & {}; created_at: number; data: Record<string, unknown> };

/**
 * Narrows a verified event to `realtime.call.incoming`, checking the fields the Calls API needs.
 * @example
 * const event = await verifyWebhook(body, headers, secret);
 * if (isRealtimeCallIncoming(event)) await calls.accept(event.data.call_id, session);
 */
export function isRealtimeCallIncoming(event: unknown): event is RealtimeCallIncomingEvent {
  const e = event as Partial<RealtimeCallIncomingEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.type === 'realtime.call.incoming' &&
    typeof e.data?.call_id === 'string' &&
    Array.isArray(e.data.sip_headers)
  );
}
