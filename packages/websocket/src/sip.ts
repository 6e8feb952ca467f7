/**
 * `sipTransport`: a server-side WebSocket attached to an existing SIP (or WebRTC) call by its
 * `call_id` (protocol §3.3, §8.5). Events flow over the socket; audio flows over the call's media,
 * so the server plays, detects barge-in and truncates, and `sendAudio` is refused.
 * @module
 */
import type { WebSocketTransportOptions } from './options.js';
import { WebSocketTransport } from './transport.js';

/** Options of {@link sipTransport}. */
export interface SipTransportOptions
  extends Pick<
    WebSocketTransportOptions,
    | 'apiKey'
    | 'baseUrl'
    | 'extraHeaders'
    | 'WebSocket'
    | 'createWebSocket'
    | 'connectTimeoutMs'
    | 'maxEventBytes'
  > {
  /** The call to attach to (`rtc_…`), from the `realtime.call.incoming` webhook or a `/calls` Location. */
  callId: string;
}

/**
 * Attach a session to a SIP call you accepted (standard key, server side). `model` is not used
 * on the URL; the session config is sent with `session.update` as usual.
 * @example
 * // in your realtime.call.incoming webhook handler, after POST /v1/realtime/calls/{id}/accept:
 * const runner = new RealtimeRunner({ transport: sipTransport({ callId: event.data.call_id }) });
 * const session = await runner.session(agent);
 */
export function sipTransport(options: SipTransportOptions): WebSocketTransport {
  if (!options || typeof options.callId !== 'string' || options.callId === '')
    throw new TypeError('sipTransport({ callId }) needs the call id (rtc_…) of the call to attach to');
  const { callId, ...rest } = options;
  return new WebSocketTransport({ ...rest, audio: false }, { callId });
}

/**
 * The Python SDK's name for the same thing (`agents.realtime.OpenAIRealtimeSIPModel`): an alias of
 * {@link sipTransport}, so code ported from the seed reads the same.
 * @example
 * const runner = new RealtimeRunner({ reconnect: false, transport: OpenAIRealtimeSIPModel({ callId }) });
 */
export const OpenAIRealtimeSIPModel = sipTransport;
