/**
 * @realtime-agents/server — server-side helpers for the Realtime API: ephemeral client secrets (as a
 * `Request → Response` handler, with `node:http` and Vite adapters), Azure, Standard Webhooks
 * verification, the Realtime Calls (SIP) client and attaching a model to a call by `call_id`.
 * Core files use only fetch, Web Crypto and TextEncoder; `node-handler.ts` and `vite-plugin.ts`
 * import `node:http` types only.
 * @module
 */
export { DEFAULT_BASE_URL } from './base-url.js';
export type { ApiAuthOptions } from './auth.js';
export type { FetchLike } from './api-request.js';
export { OpenAIApiError, WebhookVerificationError, type WebhookErrorCode } from './errors.js';
export {
  createClientSecret,
  type ClientSecret,
  type ClientSecretOptions,
  type ClientSecretResponse,
  type ClientSecretSession,
  type ExpiresAfter,
  type TranscriptionSessionConfig,
} from './client-secret.js';
export {
  clientSecretHandler,
  type ClientSecretHandlerOptions,
  type ConnectionInfo,
  type FetchHandler,
} from './client-secret-handler.js';
export type { AllowedOrigins } from './origin.js';
export type { RateLimitOptions } from './rate-limit.js';
export { toNodeHandler, type NodeHandler, type NodeHandlerOptions } from './node-handler.js';
export {
  viteSessionMiddleware,
  type ViteServerLike,
  type ViteSessionOptions,
  type ViteSessionPlugin,
} from './vite-plugin.js';
export {
  signWebhook,
  verifyWebhook,
  type VerifyWebhookOptions,
  type WebhookHeaders,
  type WebhookSignatureHeaders,
} from './webhook-signature.js';
export {
  isRealtimeCallIncoming,
  type RealtimeCallIncomingEvent,
  type SipHeader,
  type WebhookEvent,
} from './webhook-event.js';
export { callsClient, type CallsClient, type CallsClientOptions } from './calls-client.js';
export { sipSessionUrl, type SipSession, type SipSessionOptions } from './sip-session-url.js';
export {
  acceptConfig,
  sipWebhookHandler,
  type CallDecision,
  type IncomingCall,
  type SipCallControls,
  type SipCallEvent,
  type SipRealtimeSession,
  type SipWebhookHandlerOptions,
} from './sip-webhook-handler.js';
export { memoryWebhookIdStore, type WebhookIdStore } from './webhook-id-store.js';
export { OpenAIRealtimeSIPModel } from '@realtime-agents/websocket';
