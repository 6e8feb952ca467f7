/**
 * `sipWebhookHandler`: answers `realtime.call.incoming` webhooks (protocol §8.2–§8.5) as a stateless
 * `Request → Response` function — verify, deduplicate, let the app decide, accept/reject/refer, then
 * attach one session to the call by `call_id`.
 * @module
 */
import {
  type AudioFormatName,
  buildSessionConfig,
  type RealtimeAgent,
  type RealtimeRunner,
  type RealtimeSession,
  type SessionConfig,
  type Transport,
} from '@realtime-agents/core';
import { sipTransport } from '@realtime-agents/websocket';
import { type CallsClient, callsClient } from './calls-client.js';
import { WebhookVerificationError } from './errors.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { memoryWebhookIdStore, type WebhookIdStore } from './webhook-id-store.js';
import { isRealtimeCallIncoming, type SipHeader } from './webhook-event.js';
import { verifyWebhook } from './webhook-signature.js';

/** Controls of one call, keyed by its `call_id` only (usable from any process). */
export interface SipCallControls {
  readonly callId: string;
  /** Ends the call (`POST /realtime/calls/{id}/hangup`); the attached socket closes. */
  hangup(): Promise<void>;
  /** Transfers the call (SIP REFER) to `tel:+1…` or `sip:user@host`; the attached socket closes. */
  refer(targetUri: string): Promise<void>;
}

/** A ringing call, as given to `onIncomingCall`. */
export interface IncomingCall extends SipCallControls {
  /** The SIP INVITE headers, in order. */
  readonly sipHeaders: readonly SipHeader[];
  /** The `From` header value, when present. */
  readonly from: string | undefined;
  /** The `To` header value, when present. */
  readonly to: string | undefined;
}

/** What to do with a ringing call. */
export type CallDecision<TContext = unknown> =
  | { action: 'accept'; agent: RealtimeAgent<TContext>; context?: TContext }
  | { action: 'reject'; statusCode?: number }
  | { action: 'refer'; targetUri: string };

/** A session attached to a SIP call: the usual session plus the call's controls. */
export type SipRealtimeSession<TContext = unknown> = RealtimeSession<TContext> & SipCallControls;

/** Everything that happens to calls, failures included (never thrown, never an unhandled rejection). */
export type SipCallEvent =
  | { type: 'duplicate'; webhookId: string }
  | { type: 'accepted' | 'session_started' | 'session_ended'; callId: string }
  | { type: 'rejected'; callId: string; statusCode: number | undefined }
  | { type: 'referred'; callId: string; targetUri: string }
  | {
      type: 'error';
      callId: string | undefined;
      stage: 'verify' | 'decide' | 'accept' | 'reject' | 'refer' | 'attach' | 'session';
      error: Error;
    };

/** Options of {@link sipWebhookHandler}. */
export interface SipWebhookHandlerOptions<TContext = unknown> {
  /** `whsec_…`, or several while rotating (`[newSecret, oldSecret]`). */
  secret: string | readonly string[];
  /** Session options (model, voice, `apiKey`, `baseUrl`…). Needs `reconnect: false`: a call cannot move to a new socket. */
  runner: RealtimeRunner;
  /** Decide per call: accept with an agent, reject with a SIP status, or refer elsewhere. */
  onIncomingCall(call: IncomingCall): CallDecision<TContext> | Promise<CallDecision<TContext>>;
  /** Called with each attached session (its `hangup()` and `refer(uri)` control the call). */
  onSession?(session: SipRealtimeSession<TContext>): void;
  /** Every outcome and failure. @default failures to console.error */
  onEvent?(event: SipCallEvent): void;
  /** Webhook ids already answered; share one (e.g. Redis `SET NX`) between processes. @default in memory, 10 min */
  seenWebhookIds?: WebhookIdStore;
  /** @default callsClient({ apiKey, baseUrl }) from the runner's options */
  calls?: CallsClient;
  /** The socket of one call. @default sipTransport({ callId, apiKey }) */
  transport?(callId: string): Transport;
  /** Timestamp tolerance, both ways, in seconds. @default 300 */
  toleranceSec?: number;
}

function headerValue(headers: readonly SipHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * The session config sent with `accept`, built exactly as the session builds its `session.update`;
 * audio formats default to G.711 μ-law, what the SIP leg negotiates.
 * @example
 * await calls.accept(callId, await acceptConfig(runner, agent));
 */
export async function acceptConfig<TContext>(
  runner: RealtimeRunner,
  agent: RealtimeAgent<TContext>,
  context?: TContext,
): Promise<SessionConfig> {
  const sip: AudioFormatName = 'g711_ulaw';
  const options = {
    ...runner.options,
    inputAudioFormat: runner.options.inputAudioFormat ?? sip,
    outputAudioFormat: runner.options.outputAudioFormat ?? sip,
  };
  const instructions = await agent.resolveInstructions({
    context: context as TContext,
    agent,
    history: [],
  });
  return buildSessionConfig({ options, agent, instructions });
}

/**
 * Answers OpenAI's `realtime.call.incoming` webhooks. Stateless: every step is keyed by `call_id`,
 * so webhooks and sessions may land on different processes (share `seenWebhookIds` between them).
 * Answers 400 to an unverifiable request, 200 once the decision was carried out (a duplicate
 * delivery: 200 without doing it again), 502 when the Calls API refused it.
 * @example
 * const runner = new RealtimeRunner({ reconnect: false, voice: 'marin' });
 * const handler = sipWebhookHandler({
 *   secret: process.env.OPENAI_WEBHOOK_SECRET!,
 *   runner,
 *   onIncomingCall: (call) => ({ action: 'accept', agent: receptionist }),
 * });
 * createServer(toNodeHandler(handler)).listen(8000);
 */
export function sipWebhookHandler<TContext = unknown>(
  options: SipWebhookHandlerOptions<TContext>,
): (request: Request) => Promise<Response> {
  const { runner, onIncomingCall } = options;
  if (!runner || typeof runner.session !== 'function')
    throw new TypeError(
      'sipWebhookHandler({ runner }) needs a RealtimeRunner (new RealtimeRunner({ reconnect: false })).',
    );
  if (runner.options.reconnect !== false)
    throw new TypeError(
      'sipWebhookHandler: create the runner with reconnect: false — a phone call cannot be resumed on a new socket; a lost socket ends the session (reported as an event).',
    );
  if (typeof onIncomingCall !== 'function')
    throw new TypeError(
      'sipWebhookHandler({ onIncomingCall }) needs a function returning { action: "accept" | "reject" | "refer", … }.',
    );
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === ''))
    throw new TypeError(
      'sipWebhookHandler({ secret }) needs the webhook secret (whsec_…), or a list of them while rotating.',
    );
  const apiKey = runner.options.apiKey;
  const calls = options.calls ?? callsClient({ apiKey, baseUrl: runner.options.baseUrl });
  const seen = options.seenWebhookIds ?? memoryWebhookIdStore();
  const transportFor = options.transport ?? ((callId: string) => sipTransport({ callId, apiKey }));
  const report =
    options.onEvent ??
    ((e: SipCallEvent) => {
      if (e.type === 'error')
        console.error(`[sip] ${e.stage} failed for ${e.callId ?? 'a webhook'}:`, e.error);
    });
  const emit = (e: SipCallEvent) => {
    try {
      report(e);
    } catch (error) {
      console.error('[sip] onEvent threw:', error);
    }
  };
  const controls = (callId: string): SipCallControls => ({
    callId,
    hangup: () => calls.hangup(callId),
    refer: (uri) => calls.refer(callId, uri),
  });

  const attach = async (callId: string, agent: RealtimeAgent<TContext>, context: TContext | undefined) => {
    let session: RealtimeSession<TContext>;
    try {
      session = await runner.session(agent, { transport: transportFor(callId), context });
    } catch (error) {
      emit({ type: 'error', callId, stage: 'attach', error: toError(error) });
      return;
    }
    const call = controls(callId);
    const sipSession = Object.assign(session, {
      callId,
      hangup: async () => {
        try {
          await call.hangup();
        } finally {
          session.close();
        }
      },
      refer: call.refer,
    }) as SipRealtimeSession<TContext>;
    session.on('error', (e) => emit({ type: 'error', callId, stage: 'session', error: toError(e.error) }));
    session.on('connection', (e) => {
      if (e.state === 'closed') emit({ type: 'session_ended', callId });
    });
    emit({ type: 'session_started', callId });
    try {
      options.onSession?.(sipSession);
    } catch (error) {
      emit({ type: 'error', callId, stage: 'session', error: toError(error) });
    }
  };

  return async (request) => {
    const body = await request.text();
    let event: Awaited<ReturnType<typeof verifyWebhook>>;
    try {
      event = await verifyWebhook(body, request.headers, secrets, { toleranceSec: options.toleranceSec });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      emit({ type: 'error', callId: undefined, stage: 'verify', error });
      return errorResponse(400, error.code, error.message);
    }
    const webhookId = request.headers.get('webhook-id') as string;
    if (!(await seen.claim(webhookId))) {
      emit({ type: 'duplicate', webhookId });
      return jsonResponse({ ok: true, duplicate: true }, 200);
    }
    // Other event types (e.g. future ones) are acknowledged so OpenAI does not retry them.
    if (!isRealtimeCallIncoming(event)) return jsonResponse({ ok: true, ignored: event.type }, 200);
    const callId = event.data.call_id;
    const sipHeaders = event.data.sip_headers;
    let decision: CallDecision<TContext>;
    try {
      decision = await onIncomingCall({
        ...controls(callId),
        sipHeaders,
        from: headerValue(sipHeaders, 'From'),
        to: headerValue(sipHeaders, 'To'),
      });
    } catch (error) {
      emit({ type: 'error', callId, stage: 'decide', error: toError(error) });
      await seen.release(webhookId);
      return errorResponse(
        500,
        'decide_failed',
        `onIncomingCall threw for ${callId}: ${toError(error).message}`,
      );
    }
    const stage = decision?.action;
    try {
      if (stage === 'accept') {
        await calls.accept(callId, await acceptConfig(runner, decision.agent, decision.context));
        emit({ type: 'accepted', callId });
        // Attached after answering: OpenAI waits for the webhook's answer only briefly.
        void attach(callId, decision.agent, decision.context);
      } else if (stage === 'reject') {
        await calls.reject(callId, { statusCode: decision.statusCode });
        emit({ type: 'rejected', callId, statusCode: decision.statusCode });
      } else if (stage === 'refer') {
        await calls.refer(callId, decision.targetUri);
        emit({ type: 'referred', callId, targetUri: decision.targetUri });
      } else {
        const error = new TypeError(
          `onIncomingCall returned ${JSON.stringify(decision)}: use { action: 'accept', agent }, { action: 'reject', statusCode? } or { action: 'refer', targetUri }.`,
        );
        emit({ type: 'error', callId, stage: 'decide', error });
        await seen.release(webhookId);
        return errorResponse(500, 'invalid_decision', error.message);
      }
    } catch (error) {
      emit({ type: 'error', callId, stage, error: toError(error) });
      // A 404 means the caller left: nothing to retry. Other failures may succeed on redelivery.
      const status = (error as { status?: number }).status;
      if (status !== 404) await seen.release(webhookId);
      return errorResponse(
        502,
        'calls_api_failed',
        `${stage} of ${callId} failed${status ? ` (${status})` : ''}: ${toError(error).message}`,
      );
    }
    return jsonResponse({ ok: true, call_id: callId, action: stage }, 200);
  };
}
