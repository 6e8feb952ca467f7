/**
 * The parts a session is made of, wired to the session through one host of callbacks: the response
 * sequencer, responses and guardrail re-asks, the conversation mirror (history and transcripts),
 * playback (interruption), tool dispatch, and continuity (the hold, the ledger of sent items, the
 * reconnector). Each part can be tested alone.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';
import { ProtocolError, TransportError } from './errors.js';
import type { ServerEvent } from './protocol/server-events.js';
import type { SessionEvent } from './events.js';
import { ConversationSync } from './conversation-sync.js';
import { EventStream } from './event-stream.js';
import { buildSessionConfig } from './ga-config.js';
import type { OutputGuardrail } from './guardrail.js';
import { enabledToolNames } from './tool-enabled.js';
import { GuardrailReask } from './guardrail-reask.js';
import { GuardrailRetries } from './guardrail-retry.js';
import { History } from './history.js';
import type { ResolvedRunnerOptions, TurnDetectionOption } from './options.js';
import { type PlaybackControl, playbackControl } from './playback-control.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { SessionConfig } from './protocol/session-config.js';
import { LazyReconnector } from './lazy-reconnector.js';
import type { ReconnectorDeps } from './reconnector.js';
import { ResponseSequencer } from './response-sequencer.js';
import { ResponseTracker } from './response-tracker.js';
import { SentItems } from './sent-items.js';
import type { McpEventsDeps, McpObserver } from './mcp-events.js';
import { ToolDispatch } from './tool-dispatch.js';
import { Transcripts } from './transcripts.js';
import type { AudioChunk, ConnectionState, Transport, TransportHandlers } from './transport.js';
import { monotonicNow, TurnMetrics } from './turn-metrics.js';
import { UserSpeech } from './user-speech.js';

/** What the parts call back into the session for. */
export interface SessionHost<TContext>
  extends Pick<
    ReconnectorDeps,
    'open' | 'suspended' | 'resumed' | 'connect' | 'closeTransport' | 'sendNow' | 'sendAudio' | 'close'
  > {
  options: ResolvedRunnerOptions;
  transport: Transport;
  agent(): RealtimeAgent<TContext>;
  setAgent(agent: RealtimeAgent<TContext>): void;
  ctx(): RunContext<TContext>;
  sessionConfig(): Promise<SessionConfig>;
  send(event: ClientEvent): void;
  nextEventId(): string;
  emit(event: SessionEvent): void;
  error(error: Error): void;
  /** The current turn detection (it may change mid-session). */
  turnDetection(): TurnDetectionOption | undefined;
}

/** The parts of one session. */
export interface SessionParts<TContext> {
  history: History;
  metrics: TurnMetrics;
  sequencer: ResponseSequencer;
  responses: ResponseTracker<TContext>;
  conversation: ConversationSync;
  speech: UserSpeech;
  reask: GuardrailReask;
  playback: PlaybackControl;
  tools: ToolDispatch<TContext>;
  /**
   * Hosted MCP items and events (observed, never consumed): `events` is made by the first agent
   * with MCP servers when its config is sent, so an app without them does not bundle it.
   */
  mcp: { deps: McpEventsDeps; events: McpObserver | null };
  sent: SentItems;
  /** Loaded as the session connects; holds what is given while reconnecting. */
  reconnector: LazyReconnector;
}

/**
 * The session's event stream; a throwing handler becomes an `error` event (unless it threw on one).
 * @example
 * const events = sessionEvents(1000, (e) => emitError(e));
 */
export function sessionEvents(maxBuffered: number | undefined, error: (e: Error) => void): EventStream {
  return new EventStream({
    maxBuffered,
    onHandlerError: (e, event) => {
      if (event.type === 'error') return;
      const message = `A '${event.type}' event handler threw: ${(e as Error)?.message ?? e}`;
      error(new Error(message, { cause: e }));
    },
  });
}

/**
 * The test/devtools hook: a page that defines `__REALTIME_AGENTS_PROBE__` (as
 * @realtime-agents/testing's Playwright fixtures do) sees each session before it connects. Absent:
 * one lookup, nothing else.
 * @example
 * probeSession(this); // in RealtimeSession's constructor
 */
export function probeSession(session: object): void {
  (globalThis as { __REALTIME_AGENTS_PROBE__?: (s: object) => void }).__REALTIME_AGENTS_PROBE__?.(session);
}

/**
 * Stop every part that could still act after the session closed (timers, loops, running tools).
 * @example
 * stopParts(parts);
 */
export function stopParts<TContext>(p: SessionParts<TContext>): void {
  p.tools.close();
  p.reconnector.close();
  p.reask.close();
  p.sequencer.reset();
}

/**
 * Assistant audio arrived: counted for truncation, tied to its response and to the turn's metrics.
 * @example
 * audioArrived(parts, chunk);
 */
export function audioArrived<TContext>(p: SessionParts<TContext>, chunk: AudioChunk): void {
  p.playback.received(chunk);
  p.responses.audio(chunk.responseId, chunk.itemId);
  p.metrics.audioItem(chunk.itemId, chunk.responseId);
}

/** What one link's transport callbacks need from the session. */
export interface LinkHost {
  /** False once this link was replaced or closed: its late callbacks do nothing. */
  live(): boolean;
  message(raw: string | object): void;
  state(state: ConnectionState, error?: Error): void;
  emit(event: SessionEvent): void;
  wantsAudio(): boolean;
}

/**
 * The transport callbacks of one connection (a link), routed to the parts while the link is live.
 * @example
 * await transport.connect(params, linkHandlers(parts, { live, message, state, emit, wantsAudio }));
 */
export function linkHandlers<TContext>(p: SessionParts<TContext>, host: LinkHost): TransportHandlers {
  const { live, emit } = host;
  return {
    message: (raw) => live() && host.message(raw),
    audio: (chunk) => {
      if (!live()) return;
      audioArrived(p, chunk);
      if (host.wantsAudio()) {
        const { data, sampleRate, itemId, contentIndex, responseId } = chunk;
        emit({ type: 'audio', data, sampleRate, itemId, contentIndex, responseId });
      }
    },
    playbackStarted: (itemId, at) => {
      const m = live() ? p.metrics.playbackStarted({ itemId }, at) : null;
      if (m) emit(m);
    },
    playbackDrained: (itemId) => live() && p.playback.drained(itemId),
    state: (state, error) => live() && host.state(state, error),
    warning: (error) => live() && emit({ type: 'error', error }),
  };
}

/**
 * The session config for the context's agent: instructions resolved, only the tools and handoffs
 * whose `isEnabled` says yes (dispatch refuses the others), the voice left out once audio was produced.
 * @example
 * transport.connect({ session: await agentSessionConfig(parts, options, ctx, emitError), … });
 */
export async function agentSessionConfig<TContext>(
  p: SessionParts<TContext>,
  options: ResolvedRunnerOptions,
  ctx: RunContext<TContext>,
  onError: (error: Error) => void,
): Promise<SessionConfig> {
  const [instructions, enabled] = await Promise.all([
    ctx.agent.resolveInstructions(ctx),
    enabledToolNames(ctx.agent, ctx as RunContext<unknown>, onError),
  ]);
  p.tools.enabled = enabled;
  p.mcp.events ??= ctx.agent.mcpTools[0]?.observer(p.mcp.deps) ?? null;
  const omitVoice = p.responses.audioProduced;
  return buildSessionConfig({ options, agent: ctx.agent, instructions, omitVoice, enabled });
}

/**
 * A server `error` event: the sequencer learns which request failed; a cancel that came too late is
 * not an error; an expired session moves to a new one. Returns the error for the user, or null.
 * @example
 * const err = serverError(parts, event); if (err) emitError(err);
 */
export function serverError<TContext>(
  p: SessionParts<TContext>,
  e: Extract<ServerEvent, { type: 'error' }>,
): ProtocolError | null {
  p.sequencer.failed(e.error.event_id, e.error.code);
  if (e.error.code === 'response_cancel_not_active') return null;
  if (e.error.code === 'session_expired' && p.reconnector.expired(e.error.message)) return null;
  return new ProtocolError(e.error.code ?? 'server_error', e.error.message, e);
}

/**
 * Why a session method cannot run in this state, or null when it can.
 * @example
 * const err = unusable('closed', 'sendText'); // TransportError 'closed': Cannot sendText(): the session is closed…
 */
export function unusable(state: string, what: string): TransportError | null {
  if (state === 'open' || state === 'reconnecting') return null;
  const [code, why] =
    state === 'closed'
      ? ['closed', 'the session is closed. Start a new one with runner.session(agent).']
      : ['not_connected', 'the session is not connected yet; await runner.session(agent) first.'];
  return new TransportError(code, `Cannot ${what}(): ${why}`);
}

/**
 * Build the parts of a session.
 * @example
 * const parts = sessionParts(host); parts.tools.call(functionCallItem);
 */
export function sessionParts<TContext>(host: SessionHost<TContext>): SessionParts<TContext> {
  const { options, transport, send, emit, nextEventId } = host;
  const error = (e: Error) => host.error(e);
  const history = new History({ storeAudio: options.historyStoreAudio });
  const metrics = new TurnMetrics();
  const now = monotonicNow;
  let tools: ToolDispatch<TContext> | null = null;
  const sequencer = new ResponseSequencer({
    nextEventId,
    send: (event_id, response) => send({ type: 'response.create', event_id, ...(response && { response }) }),
  });
  let reask: GuardrailReask | null = null;
  const responses = new ResponseTracker<TContext>({
    agent: host.agent,
    ctx: host.ctx,
    debounceTextLength: () => options.guardrails.debounceTextLength,
    sessionGuardrails: () => options.guardrails.outputGuardrails as readonly OutputGuardrail<TContext>[],
    trip: (id, agent, trip) => reask?.tripped(id, agent, trip),
    emit,
    error,
    sequencer,
    metrics,
    functionCall: (item) => tools?.call(item),
    now,
  });
  const playback = playbackControl({
    transport,
    send,
    emit,
    nextEventId,
    lastAssistantItem: () => history.lastAssistantMessage(),
    currentAudioItem: () => responses.currentAudioItem,
  });
  const retries = new GuardrailRetries(options.guardrails.retryPolicy);
  reask = new GuardrailReask({
    retries,
    open: host.open,
    interrupt: () => playback.interrupt(sequencer.activeResponseId),
    createItem: (item) => send({ type: 'conversation.item.create', event_id: nextEventId(), item }),
    requestResponse: () => sequencer.request(),
    emit,
  });
  const speech = new UserSpeech({
    turnDetection: host.turnDetection,
    playback,
    sequencer,
    metrics,
    emit,
    now,
  });
  tools = new ToolDispatch<TContext>({
    ...host,
    error,
    sequencer,
    toolErrorFormatter: options.toolErrorFormatter,
  });
  const mcpTools = tools;
  const mcpDeps: McpEventsDeps = {
    emit,
    send,
    nextEventId,
    awaitApproval: (id, name, args, key, label) => mcpTools.awaitApproval(id, name, args, key, label),
    requestResponse: () => sequencer.request(),
    answerAfterCall: (label) =>
      host.agent().mcpTools.find((m) => m.serverLabel === label)?.answerAfterCall ?? true,
  };
  const sent = new SentItems();
  const transcripts = new Transcripts(emit);
  const conversation = new ConversationSync({
    history,
    transcripts,
    sent,
    guardrailRetries: retries,
    responses,
    playback,
    emit,
    retrieveAudio: options.historyStoreAudio
      ? (item_id) => send({ type: 'conversation.item.retrieve', event_id: nextEventId(), item_id })
      : undefined,
  });
  const g711 = options.inputAudioFormat === 'g711_ulaw' || options.inputAudioFormat === 'g711_alaw';
  return {
    history,
    metrics,
    sequencer,
    responses,
    conversation,
    speech,
    reask,
    playback,
    tools,
    mcp: { deps: mcpDeps, events: null },
    sent,
    reconnector: new LazyReconnector({
      ...host,
      conversation,
      sequencer,
      history,
      sent,
      holdMs: options.reconnectAudioBufferMs,
      sampleRate: g711 ? 8000 : 24000,
      reseed: options.reseed,
      policy: options.reconnect,
      rolloverAfterMs: options.rollover ? options.rollover.afterMs : null,
      quiet: () => !sequencer.busy && !speech.speaking && !playback.audible(),
      capturesMicrophone: () => host.transport.capturesMicrophone === true,
      now: monotonicNow,
      suspended: () => {
        host.suspended();
        speech.speaking = false;
      },
    }),
  };
}
