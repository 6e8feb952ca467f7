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
