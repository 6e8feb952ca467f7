/**
 * `RealtimeSession`: one live conversation. It owns the lifecycle and routes each server event to
 * the part that handles it: responses and guardrails, transcripts, the history, tool dispatch,
 * playback (interruption), and continuity across dropped connections.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { ApprovalOptions, RejectOptions } from './tool-dispatch.js';
import type { RunContext } from './context.js';
import type { HistoryItem } from './history.js';
import type { HistoryUpdater } from './history-edit.js';
import { ProtocolError, TransportError } from './errors.js';
import { redactError, redactValue } from './redact.js';
import type { EventStream } from './event-stream.js';
import type { SessionEvent, SessionEventOf, SessionEventType } from './events.js';
import {
  type RealtimeRunnerOptions,
  type ResolvedRunnerOptions,
  resolveRunnerOptions,
  type TurnDetectionOption,
} from './options.js';
import * as input from './user-input.js';
import type { ClientEvent } from './protocol/client-events.js';
import { parseServerEvent } from './protocol/parse.js';
import type { ServerEvent } from './protocol/server-events.js';
import type { SessionUsage } from './response-tracker.js';
import {
  agentSessionConfig,
  linkHandlers,
  probeSession,
  type SessionParts,
  serverError,
  sessionEvents,
  sessionParts,
  stopParts,
  unusable,
} from './session-parts.js';
import type { ConnectionState, Transport } from './transport.js';
import { monotonicNow } from './turn-metrics.js';

export type { SessionUsage } from './response-tracker.js';

export interface SessionInit<TContext> {
  options: ResolvedRunnerOptions;
  agent: RealtimeAgent<TContext>;
  transport: Transport;
  context?: TContext;
  /** Events kept for a `for await` that starts late, until the first one attaches (not `audio`/`raw`). @default 1000 */
  maxBufferedEvents?: number;
}

/**
 * A connected conversation, returned by `runner.session(agent)`.
 * @example
 * await using session = await runner.session(agent);
 * await session.sendText('Hello!');
 * for await (const e of session) if (e.type === 'agent_end') break;
 */
export class RealtimeSession<TContext = unknown> implements AsyncIterable<SessionEvent> {
  #options: ResolvedRunnerOptions;
  readonly #transport: Transport;
  readonly #context: TContext;
  #agent: RealtimeAgent<TContext>;
  #state: 'new' | 'connecting' | 'open' | 'reconnecting' | 'closed' = 'new';
  #eventCounter = 0;
  /** Connection generation: bumped per connection, so a dropped link's late callbacks are ignored. */
  #link = 0;
  readonly #events: EventStream;
  readonly #p: SessionParts<TContext>;

  constructor(init: SessionInit<TContext>) {
    this.#options = init.options;
    this.#agent = init.agent;
    this.#transport = init.transport;
    this.#context = init.context as TContext;
    this.#events = sessionEvents(init.maxBufferedEvents, (e) => this.#emitError(e));
    this.#p = sessionParts<TContext>({
      options: init.options,
      transport: init.transport,
      agent: () => this.#agent,
      setAgent: (agent) => {
        this.#agent = agent;
      },
      ctx: () => this.#ctx(),
      sessionConfig: () => this.#sessionConfig(),
      send: (event) => this.#send(event),
      nextEventId: () => this.#nextEventId(),
      emit: (event) => this.#emit(event),
      error: (e) => this.#emitError(e),
      turnDetection: () => this.#options.turnDetection,
      open: () => this.#state === 'open',
      suspended: () => {
        this.#state = 'reconnecting';
        this.#link++;
      },
      resumed: () => {
        this.#state = 'open';
      },
      connect: () => this.#open(),
      closeTransport: () => this.#transport.close(),
      sendNow: (event) => this.#transport.send(event),
      sendAudio: (pcm) => this.#transport.sendAudio(pcm),
      close: () => this.close(),
    });
    probeSession(this);
  }

  /** The agent currently answering. */
  get currentAgent(): RealtimeAgent<TContext> {
    return this.#agent;
  }
  /** The conversation so far, in order. */
  get history(): readonly HistoryItem[] {
    return this.#p.history.items;
  }
  /** Token usage summed over every `response.done`. */
  get usage(): Readonly<SessionUsage> {
    return this.#p.responses.usage;
  }
  /** True once closed (by you or by the connection). */
  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Open the connection with the agent's config. Called by `runner.session()`. */
  async connect(): Promise<void> {
    if (this.#state !== 'new')
      throw new TransportError('already_connected', 'connect() was already called on this session');
    this.#state = 'connecting';
    try {
      await this.#p.reconnector.alongside(this.#open()); // loads the reconnect code meanwhile
    } catch (e) {
      this.#state = 'closed';
      this.#events.end();
      throw redactError(TransportError.from(e, 'connect_failed', 'Could not connect'));
    }
    if ((this.#state as string) === 'closed')
      throw new TransportError('closed', 'The session was closed while connecting');
    this.#state = 'open';
    this.#p.reconnector.connected();
  }

  /** Subscribe to one event type (or `'*'`); returns an unsubscribe function. */
  on<T extends SessionEventType>(type: T, handler: (event: SessionEventOf<T>) => void): () => void;
  on(type: '*', handler: (event: SessionEvent) => void): () => void;
  on(type: string, handler: (event: never) => void): () => void {
    return this.#events.on(type as SessionEventType, handler as (e: SessionEvent) => void);
  }

  [Symbol.asyncIterator](): AsyncIterator<SessionEvent> {
    return this.#events.iterate();
  }

  /** Send a user text message and ask for a response. */
  async sendText(text: string): Promise<void> {
    this.#assertOpen('sendText');
    input.checkText(text);
    this.#userMessage([{ type: 'input_text', text }], true);
  }

  /**
   * Send one user message of text and/or images (base64 `data:` URLs), then ask for an answer
   * (unless `{ triggerResponse: false }`).
   * @example await session.sendMessage({ text: 'What is on this receipt?', images: [dataUrl] });
   */
  async sendMessage(
    message: input.UserMessageInput,
    options: { triggerResponse?: boolean } = {},
  ): Promise<void> {
    this.#assertOpen('sendMessage');
    this.#userMessage(input.userMessageContent(message), options.triggerResponse !== false);
  }

  #userMessage(content: ReturnType<typeof input.userMessageContent>, respond: boolean): void {
    const item = { type: 'message' as const, role: 'user' as const, content };
    this.#send({ type: 'conversation.item.create', event_id: this.#nextEventId(), item });
    if (!respond) return;
    this.#p.metrics.userTyped();
    this.#p.sequencer.request();
  }

  /**
   * Send user audio: PCM16 mono at the session's input rate (24 kHz for pcm16, 8 kHz for G.711).
   * With `{ commit: true }` the buffer is committed and a response requested (push-to-talk).
   */
  async sendAudio(
    pcm16: Int16Array | ArrayBuffer | Uint8Array,
    options: { commit?: boolean } = {},
  ): Promise<void> {
    this.#assertOpen('sendAudio');
    const samples = input.toPcm16(pcm16);
    if (samples.length) {
      if (this.#state === 'reconnecting') this.#p.reconnector.hold?.audio(samples);
      else this.#transport.sendAudio(samples);
    }
    if (options.commit) {
      this.#send({ type: 'input_audio_buffer.commit', event_id: this.#nextEventId() });
      this.#p.sequencer.request();
    }
  }

  /** Send an image (a `data:image/...;base64,` URL) as user content. */
  async sendImage(dataUrl: string, options: { triggerResponse?: boolean } = {}): Promise<void> {
    this.#assertOpen('sendImage');
    this.#userMessage(input.imageContent(dataUrl), options.triggerResponse === true);
  }

  /** Stop the agent now: cancel the response and cut playback at the position really heard. */
  interrupt(): void {
    this.#assertOpen('interrupt');
    this.#p.playback.interrupt(this.#p.sequencer.activeResponseId);
  }

  /** Mute or unmute the microphone (nothing is sent while muted). */
  mute(muted: boolean): void {
    this.#assertOpen('mute');
    this.#transport.mute(muted);
  }

  /**
   * Change turn detection mid-session (validated like the runner option); `null` = push-to-talk.
   * @example
   * await session.setTurnDetection(null); // then startPushToTalk() / endPushToTalk()
   */
  async setTurnDetection(turnDetection: TurnDetectionOption): Promise<void> {
    this.#assertOpen('setTurnDetection');
    const { turnDetection: _old, ...rest } = this.#options;
    this.#options = resolveRunnerOptions({ ...rest, turnDetection } as RealtimeRunnerOptions);
    await this.#updateSession();
  }

  /** Push-to-talk pressed: stop the agent if it is speaking and start a fresh input buffer. */
  startPushToTalk(): void {
    this.#assertOpen('startPushToTalk');
    const active = this.#p.sequencer.activeResponseId;
    if (active || this.#transport.playback() || this.#p.playback.serverIsPlaying)
      this.#p.playback.interrupt(active);
    this.#send({ type: 'input_audio_buffer.clear', event_id: this.#nextEventId() });
  }

  /** Push-to-talk released: commit what was said and ask for a response. */
  endPushToTalk(): void {
    this.#assertOpen('endPushToTalk');
    this.#send({ type: 'input_audio_buffer.commit', event_id: this.#nextEventId() });
    this.#p.metrics.userSpoke(monotonicNow());
    this.#p.sequencer.request();
  }

  /** Switch to another agent (instructions and tools; the voice only if no audio was produced yet). */
  async updateAgent(agent: RealtimeAgent<TContext>): Promise<void> {
    this.#assertOpen('updateAgent');
    this.#agent = agent;
    await this.#updateSession();
  }

  /** Make the server's conversation `next` (left-out items deleted, new or edited ones created); `history`
   * follows as the server confirms each change. @example session.updateHistory((h) => h.slice(-6)); */
  async updateHistory(next: HistoryUpdater): Promise<void> {
    this.#assertOpen('updateHistory');
    const edit = await import('./history-edit.js'); // loaded on first use: most apps never edit history
    edit.updateHistory(this.#p.history, next, this.#nextEventId, (e) => this.#send(e));
  }

  /** Approve a call announced by `tool_approval_requested`; `{ always: true }` also every later call of its tool. */
  approveTool(callId: string, options?: ApprovalOptions): void {
    this.#p.tools.approve(callId, options);
  }

  /** Reject a call announced by `tool_approval_requested` (the model reads the message); `always`: every later call too. */
  rejectTool(callId: string, options?: RejectOptions): void {
    this.#p.tools.reject(callId, options);
  }

  /** Close the connection. Safe to call twice. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#link++;
    stopParts(this.#p);
    try {
      this.#transport.close();
    } catch (e) {
      this.#emitError(TransportError.from(e, 'close_failed', 'Closing the transport failed'));
    }
    this.#emit({ type: 'connection', state: 'closed' });
    this.#events.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** Connect the transport with the current agent's config; its callbacks serve this link only. */
  async #open(): Promise<void> {
    const session = await this.#sessionConfig();
    const link = ++this.#link;
    const live = () => link === this.#link;
    const o = this.#options;
    await this.#transport.connect(
      { session, model: o.model, apiKey: o.apiKey, baseUrl: o.baseUrl, extraHeaders: o.extraHeaders },
      linkHandlers(this.#p, {
        live,
        message: (raw) => this.#onMessage(raw),
        state: (state, error) => this.#onState(state, error),
        emit: (event) => this.#emit(event),
        wantsAudio: () => this.#events.wants('audio'),
      }),
    );
  }

  #onState(state: ConnectionState, error?: Error): void {
    const dropped = state === 'closed' || (state === 'disconnected' && error !== undefined);
    if (dropped && this.#state === 'open' && this.#p.reconnector.enabled) {
      this.#p.reconnector.lost(
        error ?? new TransportError('connection_lost', 'The connection closed without saying why'),
      );
      return;
    }
    // While reconnecting, the reconnector tells it: `reconnecting`, then `connected` with `resumed`.
    if (this.#state === 'reconnecting' && (state === 'connecting' || state === 'connected')) return;
    if (error) this.#emitError(TransportError.from(error, 'connection', 'The connection failed'));
    if (state === 'closed') {
      if (this.#state !== 'closed') this.close();
      return;
    }
    this.#emit({ type: 'connection', state, ...(error && { error }) });
  }

  #onMessage(raw: string | object): void {
    const parsed = parseServerEvent(raw);
    if (!parsed.ok) {
      this.#emitError(parsed.error);
      return;
    }
    if (this.#events.wants('raw'))
      this.#emit({ type: 'raw', event: redactValue(parsed.event) as ServerEvent });
    if (!parsed.known) return;
    try {
      this.#route(parsed.event);
    } catch (e) {
      const message = `Handling '${parsed.event.type}' failed: ${(e as Error)?.message ?? e}`;
      this.#emitError(new ProtocolError('handler_failed', message, parsed.event));
    }
  }

  /** Each server event to the part that handles it (MCP is only watched; server errors are the session's). */
  #route(e: ServerEvent, p = this.#p): void {
    p.mcp.events?.observe(e);
    if (p.conversation.route(e) || p.speech.route(e) || p.responses.route(e) || p.playback.route(e)) return;
    const err = e.type === 'error' && serverError(p, e);
    if (err) this.#emitError(err);
  }

  readonly #nextEventId = (): string => `cli_${++this.#eventCounter}`;

  #assertOpen(what: string): void {
    const err = unusable(this.#state, what);
    if (err) throw err;
  }

  #ctx(): RunContext<TContext> {
    return { context: this.#context, agent: this.#agent, history: this.#p.history.items };
  }

  /** The session config for the current agent, its enabled tools and (until audio was produced) its voice. */
  #sessionConfig() {
    return agentSessionConfig(this.#p, this.#options, this.#ctx(), (e) => this.#emitError(e));
  }

  async #updateSession(): Promise<void> {
    const event_id = this.#nextEventId();
    this.#send({ type: 'session.update', event_id, session: await this.#sessionConfig() });
  }

  /** Send now, or hold while reconnecting; items sent are remembered until the server echoes them. */
  #send(event: ClientEvent): void {
    if (this.#state === 'closed') return;
    if (this.#state === 'reconnecting') {
      this.#p.reconnector.hold?.event(event);
      return;
    }
    try {
      this.#transport.send(event);
      if (event.type === 'conversation.item.create') this.#p.sent.sent(event.item);
    } catch (e) {
      this.#emitError(e instanceof Error ? e : new TransportError('send_failed', String(e)));
    }
  }

  /** Every event leaves through here: no credential reaches a listener (or a log) in an error. */
  #emit(event: SessionEvent): void {
    if ('error' in event && event.error instanceof Error) redactError(event.error);
    this.#events.emit(event);
  }

  #emitError(error: Error): void {
    this.#emit({ type: 'error', error });
  }
}
