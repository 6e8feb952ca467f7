/**
 * Errors of the server package. Both extend the kit's `RealtimeAgentsError`, so `code` is stable.
 * @module
 */
import { RealtimeAgentsError } from '@realtime-agents/core';

/**
 * The OpenAI (or Azure, or emulator) HTTP API answered with a non-2xx status. `message` carries the
 * upstream `error.message` (with any API key redacted); `status` is the HTTP status.
 * @example
 * try { await calls.accept(callId, session) } catch (e) {
 *   if (e instanceof OpenAIApiError && e.status === 404) console.log('caller hung up')
 * }
 */
export class OpenAIApiError extends RealtimeAgentsError {
  /** HTTP status of the upstream answer (502 when the upstream could not be reached at all). */
  readonly status: number;
  /** Upstream `error.type`, e.g. `invalid_request_error`, when given. */
  readonly type: string | null;
  /** Upstream `error.param`, when given. */
  readonly param: string | null;
  /** The upstream `error.message` alone (redacted), without this kit's explanation around it. */
  readonly upstreamMessage: string;
  constructor(
    init: {
      status: number;
      code: string;
      type?: string | null;
      param?: string | null;
      upstreamMessage: string;
    },
    message: string,
    options?: { cause?: unknown },
  ) {
    super(init.code, message, options);
    this.status = init.status;
    this.type = init.type ?? null;
    this.param = init.param ?? null;
    this.upstreamMessage = init.upstreamMessage;
  }
}

/** Why a webhook was refused. */
export type WebhookErrorCode =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'invalid_signature'
  | 'invalid_secret'
  | 'invalid_json';

/**
 * A webhook failed Standard Webhooks verification. Answer it with a 400 and do not act on it.
 * @example
 * try { event = await verifyWebhook(body, req.headers, secret) } catch (e) {
 *   if (e instanceof WebhookVerificationError) return new Response(e.message, { status: 400 })
 * }
 */
export class WebhookVerificationError extends RealtimeAgentsError {
  declare readonly code: WebhookErrorCode;
}
