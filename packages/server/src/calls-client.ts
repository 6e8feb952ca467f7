/**
 * The Realtime Calls API (protocol §8.4): answer, decline, transfer and end SIP (and WebRTC) calls.
 * @module
 */
import type { SessionConfig } from '@realtime-agents/core';
import { apiRequest, type FetchLike } from './api-request.js';
import { resolveAuth, type ApiAuthOptions } from './auth.js';
import { DEFAULT_BASE_URL, joinUrl } from './base-url.js';

/** Options of `callsClient`. */
export interface CallsClientOptions extends ApiAuthOptions {
  /** @default 'https://api.openai.com/v1' (Azure: `https://{resource}.openai.azure.com/openai/v1`) */
  baseUrl?: string;
  /** @default globalThis.fetch */
  fetch?: FetchLike;
}

/** The four call controls. Each resolves when the API answered 2xx and throws `OpenAIApiError` otherwise. */
export interface CallsClient {
  /** Answers a ringing call with a session config (`type: 'realtime'`; Azure also needs `model`, `instructions`). */
  accept(callId: string, session: SessionConfig): Promise<void>;
  /** Declines a ringing call; SIP status 603 Decline unless `statusCode` is given (e.g. 486 Busy Here). */
  reject(callId: string, options?: { statusCode?: number }): Promise<void>;
  /** Transfers the call (SIP REFER) to `tel:+14155550123` or `sip:agent@example.com`. */
  refer(callId: string, targetUri: string): Promise<void>;
  /** Ends the call (SIP or WebRTC). */
  hangup(callId: string): Promise<void>;
}

function checkCallId(callId: string): void {
  if (typeof callId !== 'string' || callId === '') {
    throw new TypeError(
      `Invalid call id ${JSON.stringify(callId)}: pass the rtc_... id from the realtime.call.incoming webhook.`,
    );
  }
}

/**
 * A client for the Realtime Calls API, authenticated with the standard key (server only).
 * @example
 * const calls = callsClient(); // OPENAI_API_KEY
 * const event = await verifyWebhook(body, headers, process.env.OPENAI_WEBHOOK_SECRET!);
 * if (isRealtimeCallIncoming(event)) {
 *   const callId = event.data.call_id;
 *   await calls.accept(callId, { type: 'realtime', model: 'gpt-realtime', instructions: 'You answer the phone.' });
 *   // then attach a model over WebSocket: sipSessionUrl(callId)
 * }
 */
export function callsClient(options: CallsClientOptions = {}): CallsClient {
  const call = async (callId: string, verb: 'accept' | 'reject' | 'refer' | 'hangup', body?: unknown) => {
    checkCallId(callId);
    const { headers, secrets } = resolveAuth(options);
    await apiRequest({
      fetch: options.fetch,
      url: joinUrl(
        options.baseUrl ?? DEFAULT_BASE_URL,
        `realtime/calls/${encodeURIComponent(callId)}/${verb}`,
      ),
      headers: { ...headers, Accept: '*/*' },
      body,
      secrets,
      action: `${verb} for call ${callId}`,
      hints: {
        404: {
          code: 'call_not_found',
          hint: `Call ${callId} does not exist any more: the caller hung up, it was already handled, or the id is wrong.`,
        },
        401: { hint: 'The Calls API needs the standard API key (OPENAI_API_KEY), not an ephemeral ek_ key.' },
      },
    });
  };
  return {
    accept: (callId, session) => call(callId, 'accept', session),
    reject: (callId, opts = {}) =>
      call(callId, 'reject', opts.statusCode === undefined ? {} : { status_code: opts.statusCode }),
    refer: async (callId, targetUri) => {
      if (!/^(tel|sips?):/i.test(targetUri)) {
        throw new TypeError(
          `Invalid refer target ${JSON.stringify(targetUri)}: use tel:+1... or sip:user@host.`,
        );
      }
      return call(callId, 'refer', { target_uri: targetUri });
    },
    hangup: (callId) => call(callId, 'hangup'),
  };
}
