/**
 * Attaching a model to a running call by `call_id` (protocol §3.3, §8.5): the WebSocket URL and
 * handshake headers.
 * @module
 */
import { resolveAuth, type ApiAuthOptions } from './auth.js';
import { DEFAULT_BASE_URL } from './base-url.js';

/** Options of `sipSessionUrl`. */
export interface SipSessionOptions extends ApiAuthOptions {
  /** REST or WebSocket base. @default 'https://api.openai.com/v1' */
  baseUrl?: string;
}

/** What a WebSocket transport needs to join the call. */
export interface SipSession {
  /** `wss://api.openai.com/v1/realtime?call_id=rtc_...` */
  url: string;
  /** Handshake headers: `Authorization: Bearer <standard key>` and/or `extraHeaders` (Azure `api-key`). */
  headers: Record<string, string>;
}

/**
 * The sideband WebSocket URL for a call accepted with `callsClient().accept` (or a WebRTC call):
 * `http(s)` becomes `ws(s)` and `/realtime?call_id=` is appended. Audio stays on the SIP/WebRTC leg;
 * the socket carries events only. Needs the standard key (`OPENAI_API_KEY` by default).
 * @example
 * const { url, headers } = sipSessionUrl(callId); // wss://api.openai.com/v1/realtime?call_id=rtc_...
 * const runner = new RealtimeRunner({
 *   baseUrl: url, extraHeaders: headers, transport: websocketTransport(),
 * });
 * @example
 * // Azure: wss://my-resource.openai.azure.com/openai/v1/realtime?call_id=...
 * sipSessionUrl(callId, { baseUrl: 'https://my-resource.openai.azure.com/openai/v1', extraHeaders: { 'api-key': key } });
 */
export function sipSessionUrl(callId: string, options: SipSessionOptions | string = {}): SipSession {
  const opts = typeof options === 'string' ? { baseUrl: options } : options;
  if (typeof callId !== 'string' || callId === '') {
    throw new TypeError(`Invalid call id ${JSON.stringify(callId)}: pass the rtc_... id of the call.`);
  }
  const url = new URL(opts.baseUrl ?? DEFAULT_BASE_URL);
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(
      `Invalid baseUrl ${JSON.stringify(opts.baseUrl)}: use http(s)://…/v1 or ws(s)://…/v1.`,
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  if (!url.pathname.endsWith('/realtime')) url.pathname += '/realtime';
  url.search = '';
  url.searchParams.set('call_id', callId);
  return { url: url.toString(), headers: resolveAuth(opts).headers };
}
