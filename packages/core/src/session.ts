/**
 * `RealtimeSession`: one live conversation. Turns server events into session events, runs tools,
 * handoffs and guardrails, and owns interruption with the played audio position.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import { AudioBacklog, ContinuityWarning, heardText, isRetryable } from './continuity.js';
import type { RunContext } from './context.js';
import { ProtocolError, ToolError, TransportError } from './errors.js';
import { EventStream } from './event-stream.js';
import type { SessionEvent, SessionEventOf, SessionEventType } from './events.js';
import { buildSessionConfig } from './ga-config.js';
import { GuardrailCheck, type Trip } from './guardrail-check.js';
import type { Handoff } from './handoff.js';
import { History, type HistoryFunctionCall, type HistoryItem, type HistoryMessage } from './history.js';
import {
  type RealtimeRunnerOptions,
  type ResolvedRunnerOptions,
  type TurnDetectionOption,
  resolveRunnerOptions,
} from './options.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { FunctionCallItem, ItemInput } from './protocol/items.js';
import { parseServerEvent } from './protocol/parse.js';
import type { ServerEvent, Usage } from './protocol/server-events.js';
import { LoopCancel, reconnectLoop } from './reconnect-loop.js';
import { planReseed } from './reseed.js';
import { ResponseSequencer } from './response-sequencer.js';
import { runTool } from './run-tool.js';
import type { FunctionTool } from './tool.js';
import { TurnMetrics } from './turn-metrics.js';
import type { AudioChunk, ConnectionState, Transport } from './transport.js';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

interface ResponseState<TContext> {
  id: string;
  agent: RealtimeAgent<TContext>;
  guard: GuardrailCheck<TContext>;
  lastAudioItem: string | null;
}

export interface SessionInit<TContext> {
  options: ResolvedRunnerOptions;
  agent: RealtimeAgent<TContext>;
  transport: Transport;
  context?: TContext;
  /** Events kept for a `for await` that starts late, until the first one attaches (not `audio`/`raw`). @default 1000 */
  maxBufferedEvents?: number;
}

/** Total token usage over the session. */
export interface SessionUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
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
  readonly #events: EventStream;
  readonly #history = new History();
  readonly #sequencer: ResponseSequencer;
  readonly #context: TContext;
  #agent: RealtimeAgent<TContext>;
  #state: 'new' | 'connecting' | 'open' | 'reconnecting' | 'closed' = 'new';
  #eventCounter = 0;
  #response: ResponseState<TContext> | null = null;
  #audioProduced = false;
  readonly #receivedMs = new Map<string, number>();
  readonly #transcripts = new Map<string, string>();
  readonly #calls = new Map<string, string>();
  readonly #approvals = new Map<
    string,
    (d: { approved: true } | { approved: false; message?: string }) => void
  >();
  #usage: SessionUsage = { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  readonly #metrics = new TurnMetrics();
  #serverPlaying: { responseId: string; itemId: string | null } | null = null;
  #generation = 0;
  /** Connection generation: bumped per connection, so a dropped link's late callbacks are ignored. */
  #link = 0;
  /** Client events held while reconnecting, sent after the re-seed. */
  #outbox: ClientEvent[] = [];
  /** Items this client created that the server has not echoed yet (replayed if the link drops). */
  #unacked: ItemInput[] = [];
  /** Function outputs really sent, by call_id (a reconnect replays them with their call). */
  readonly #sentOutputs = new Map<string, string>();
  #backlog: AudioBacklog | null = null;
  #reconnectAbort: LoopCancel | null = null;
  #rolloverTimer: ReturnType<typeof setTimeout> | null = null;
  #userSpeaking = false;
  /** Assistant items a drop cut off: they stay `incomplete` when the re-seed echoes them back. */
  readonly #cutItems = new Set<string>();

  constructor(init: SessionInit<TContext>) {
    this.#options = init.options;
    this.#agent = init.agent;
    this.#transport = init.transport;
    this.#context = init.context as TContext;
    this.#events = new EventStream({
      maxBuffered: init.maxBufferedEvents,
      onHandlerError: (e, event) => {
        if (event.type === 'error') return;
        this.#emitError(
          new Error(`A '${event.type}' event handler threw: ${(e as Error)?.message ?? e}`, { cause: e }),
        );
      },
    });
    this.#sequencer = new ResponseSequencer({
      nextEventId: () => this.#nextEventId(),
      send: (event_id, response) =>
        this.#send({ type: 'response.create', event_id, ...(response && { response }) }),
    });
  }

  /** The agent currently answering. */
  get currentAgent(): RealtimeAgent<TContext> {
    return this.#agent;
  }
  /** The conversation so far, in order. */
  get history(): readonly HistoryItem[] {
    return this.#history.items;
  }
  /** Token usage summed over every `response.done`. */
  get usage(): Readonly<SessionUsage> {
    return this.#usage;
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
      await this.#open();
    } catch (e) {
      this.#state = 'closed';
      this.#events.end();
      throw e instanceof TransportError
        ? e
        : new TransportError('connect_failed', `Could not connect: ${(e as Error)?.message ?? e}`, {
            cause: e,
          });
    }
    if ((this.#state as string) === 'closed')
      throw new TransportError('closed', 'The session was closed while connecting');
    this.#state = 'open';
  }

  /** One connection: the current agent's config, handlers bound to this link only. */
  async #open(): Promise<void> {
    const session = await this.#sessionConfig();
    const link = ++this.#link;
    const live = () => link === this.#link;
    await this.#transport.connect(
      {
        session,
        model: this.#options.model,
        apiKey: this.#options.apiKey,
        baseUrl: this.#options.baseUrl,
        extraHeaders: this.#options.extraHeaders,
      },
      {
        message: (raw) => live() && this.#onMessage(raw),
        audio: (chunk) => live() && this.#onAudio(chunk),
        playbackStarted: (itemId, at) => live() && this.#onPlaybackStarted(itemId, at),
        playbackDrained: (itemId) => {
          if (live() && !this.#transport.serverManagedAudio) this.#emit({ type: 'audio_end', itemId });
        },
        state: (state, error) => live() && this.#onState(state, error),
        warning: (error) => live() && this.#emitError(error),
      },
    );
    this.#scheduleRollover();
  }

  // ---- public API -------------------------------------------------------------------------

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
    if (typeof text !== 'string' || text === '')
      throw new TypeError('sendText(text) needs a non-empty string');
    this.#send({
      type: 'conversation.item.create',
      event_id: this.#nextEventId(),
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
    this.#metrics.userTyped();
    this.#sequencer.request();
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
    let samples: Int16Array;
    if (pcm16 instanceof Int16Array) samples = pcm16;
    else if (pcm16 instanceof ArrayBuffer || pcm16 instanceof Uint8Array) {
      const bytes = pcm16 instanceof Uint8Array ? pcm16 : new Uint8Array(pcm16);
      if (bytes.byteLength % 2 !== 0) {
        throw new TypeError(
          `sendAudio: PCM16 needs an even number of bytes, got ${bytes.byteLength}; pass whole 16-bit samples`,
        );
      }
      samples = new Int16Array(bytes.slice().buffer);
    } else {
      throw new TypeError('sendAudio(pcm16) needs an Int16Array, ArrayBuffer or Uint8Array of PCM16 samples');
    }
    if (samples.length) {
      if (this.#state === 'reconnecting') this.#holdAudio(samples);
      else this.#transport.sendAudio(samples);
    }
    if (options.commit) {
      this.#send({ type: 'input_audio_buffer.commit', event_id: this.#nextEventId() });
      this.#sequencer.request();
    }
  }

  /** Send an image (a `data:image/...;base64,` URL) as user content. */
  async sendImage(dataUrl: string, options: { triggerResponse?: boolean } = {}): Promise<void> {
    this.#assertOpen('sendImage');
    if (typeof dataUrl !== 'string' || !/^data:image\/(png|jpe?g|webp|gif);base64,/.test(dataUrl)) {
      throw new TypeError(
        'sendImage(dataUrl) needs a data URL like data:image/png;base64,… (PNG, JPEG, WebP or GIF)',
      );
    }
    this.#send({
      type: 'conversation.item.create',
      event_id: this.#nextEventId(),
      item: { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: dataUrl }] },
    });
    if (options.triggerResponse) this.#sequencer.request();
  }

  /** Stop the agent now: cancel the response and cut playback at the position really heard. */
  interrupt(): void {
    this.#assertOpen('interrupt');
    this.#interrupt();
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
    this.#send({
      type: 'session.update',
      event_id: this.#nextEventId(),
      session: await this.#sessionConfig(),
    });
  }

  /** Push-to-talk pressed: stop the agent if it is speaking and start a fresh input buffer. */
  startPushToTalk(): void {
    this.#assertOpen('startPushToTalk');
    if (this.#sequencer.activeResponseId || this.#transport.playback() || this.#serverPlaying)
      this.#interrupt();
    this.#send({ type: 'input_audio_buffer.clear', event_id: this.#nextEventId() });
  }

  /** Push-to-talk released: commit what was said and ask for a response. */
  endPushToTalk(): void {
    this.#assertOpen('endPushToTalk');
    this.#send({ type: 'input_audio_buffer.commit', event_id: this.#nextEventId() });
    this.#metrics.userSpoke(now());
    this.#sequencer.request();
  }

  /** Switch to another agent (instructions and tools; the voice only if no audio was produced yet). */
  async updateAgent(agent: RealtimeAgent<TContext>): Promise<void> {
    this.#assertOpen('updateAgent');
    this.#agent = agent;
    this.#send({
      type: 'session.update',
      event_id: this.#nextEventId(),
      session: await this.#sessionConfig(),
    });
  }

  /** Approve a tool call announced by `tool_approval_requested`. */
  approveTool(callId: string): void {
    const decide = this.#approvals.get(callId);
    if (!decide)
      throw new ToolError('unknown_call', '', callId, `No tool call '${callId}' is waiting for approval`);
    this.#approvals.delete(callId);
    decide({ approved: true });
  }

  /** Reject a tool call announced by `tool_approval_requested`; the model is told why. */
  rejectTool(callId: string, message?: string): void {
    const decide = this.#approvals.get(callId);
    if (!decide)
      throw new ToolError('unknown_call', '', callId, `No tool call '${callId}' is waiting for approval`);
    this.#approvals.delete(callId);
    decide({ approved: false, message });
  }

  /** Close the connection. Safe to call twice. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#generation++;
    this.#link++;
    this.#reconnectAbort?.cancel();
    if (this.#rolloverTimer) clearTimeout(this.#rolloverTimer);
    this.#outbox = [];
    for (const [, decide] of this.#approvals) decide({ approved: false, message: 'session closed' });
    this.#approvals.clear();
    this.#sequencer.reset();
    try {
      this.#transport.close();
    } catch (e) {
      this.#emitError(
        new TransportError('close_failed', `Closing the transport failed: ${(e as Error)?.message ?? e}`),
      );
    }
    this.#emit({ type: 'connection', state: 'closed' });
    this.#events.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  // ---- internals --------------------------------------------------------------------------

  #nextEventId(): string {
    return `cli_${++this.#eventCounter}`;
  }

  #assertOpen(what: string): void {
    if (this.#state === 'closed')
      throw new TransportError(
        'closed',
        `Cannot ${what}(): the session is closed. Start a new one with runner.session(agent).`,
      );
    if (this.#state !== 'open' && this.#state !== 'reconnecting')
      throw new TransportError(
        'not_connected',
        `Cannot ${what}(): the session is not connected yet; await runner.session(agent) first.`,
      );
  }

  #ctx(): RunContext<TContext> {
    return { context: this.#context, agent: this.#agent, history: this.#history.items };
  }

  async #sessionConfig() {
    const instructions = await this.#agent.resolveInstructions(this.#ctx());
    return buildSessionConfig({
      options: this.#options,
      agent: this.#agent,
      instructions,
      omitVoice: this.#audioProduced,
    });
  }

  #send(event: ClientEvent): void {
    if (this.#state === 'closed') return;
    if (this.#state === 'reconnecting') {
      this.#outbox.push(event);
      return;
    }
    try {
      this.#transport.send(event);
      if (event.type === 'conversation.item.create') this.#sentItem(event.item);
    } catch (e) {
      this.#emitError(e instanceof Error ? e : new TransportError('send_failed', String(e)));
    }
  }

  #emit(event: SessionEvent): void {
    this.#events.emit(event);
  }

  #emitError(error: Error): void {
    this.#events.emit({ type: 'error', error });
  }

  #onState(state: ConnectionState, error?: Error): void {
    const dropped = state === 'closed' || (state === 'disconnected' && error !== undefined);
    if (dropped && this.#state === 'open' && this.#options.reconnect) {
      this.#lost(
        error ?? new TransportError('connection_lost', 'The connection closed without saying why'),
        false,
      );
      return;
    }
    if (error)
      this.#emitError(
        error instanceof TransportError
          ? error
          : new TransportError('connection', error.message, { cause: error }),
      );
    if (state === 'closed') {
      if (this.#state !== 'closed') this.close();
      return;
    }
    this.#emit({ type: 'connection', state, ...(error && { error }) });
  }

  // ---- continuity: reconnect, re-seed, rollover ---------------------------------------------

  /** The link is gone (or is being replaced): keep the conversation and connect again. */
  #lost(reason: Error, rollover: boolean): void {
    const policy = this.#options.reconnect;
    if (!policy || this.#state !== 'open') return;
    this.#state = 'reconnecting';
    this.#link++;
    if (this.#rolloverTimer) clearTimeout(this.#rolloverTimer);
    this.#cutResponse();
    try {
      this.#transport.close();
    } catch {
      // the transport is gone already
    }
    const abort = new LoopCancel();
    this.#reconnectAbort = abort;
    void reconnectLoop(reason, {
      // a rollover starts at once; only its retries wait as the policy says
      policy: rollover ? { nextDelayMs: (c) => (c.attempt === 1 ? 0 : policy.nextDelayMs(c)) } : policy,
      signal: abort,
      onAttempt: (a) =>
        this.#emit({
          type: 'connection',
          state: 'reconnecting',
          attempt: a.attempt,
          delayMs: a.delayMs,
          error: a.reason,
          ...(rollover && { rollover: true }),
        }),
      connect: async () => {
        this.#transport.close();
        await this.#open();
        if (abort.aborted) return;
        this.#reseed();
      },
      retryable: isRetryable,
    }).then((result) => {
      if (result.outcome === 'cancelled' || this.#state !== 'reconnecting') return;
      if (result.outcome === 'failed') {
        this.#emitError(
          result.reason instanceof TransportError
            ? result.reason
            : new TransportError('reconnect_failed', `Reconnecting failed: ${result.reason.message}`, {
                cause: result.reason,
              }),
        );
        this.#emit({ type: 'connection', state: 'failed', error: result.reason });
        this.close();
        return;
      }
      this.#resumed(rollover);
    });
  }

  /** The response the drop cut off: its assistant items end `incomplete`, with what was heard. */
  #cutResponse(): void {
    const response = this.#response;
    const pos = this.#transport.serverManagedAudio ? null : this.#transport.playback();
    const playing = pos ?? (this.#serverPlaying ? { itemId: this.#serverPlaying.itemId } : null);
    let changed = false;
    for (const [itemId, text] of this.#transcripts) {
      const item = this.#history.get(itemId);
      if (item?.type !== 'message' || (item as HistoryMessage).role !== 'assistant') continue;
      const played = pos && pos.itemId === itemId ? pos.playedMs : null;
      const heard = heardText(text, played, this.#receivedMs.get(itemId) ?? null);
      changed = this.#history.setText(itemId, heard) || changed;
      changed = this.#history.setStatus(itemId, 'incomplete') || changed;
      this.#cutItems.add(itemId);
      this.#transcripts.delete(itemId);
      this.#emit({ type: 'transcript', role: 'assistant', itemId, text: heard, delta: heard, final: true });
    }
    if (playing?.itemId) {
      const playedMs = Math.floor(pos?.playedMs ?? 0);
      this.#transport.stopPlayback();
      this.#emit({ type: 'audio_interrupted', itemId: playing.itemId, playedMs });
    }
    if (response) {
      this.#response = null;
      this.#emit({
        type: 'agent_end',
        agent: response.agent,
        responseId: response.id,
        output: response.guard.text,
        status: 'incomplete',
        usage: null,
      });
    }
    this.#serverPlaying = null;
    this.#userSpeaking = false;
    this.#sequencer.connectionLost();
    if (changed) this.#emit({ type: 'history_updated', history: this.#history.items });
  }

  /** Give the new connection the conversation: history (windowed), then what this client sent unanswered. */
  #reseed(): void {
    const items = this.#history.items.map((it) =>
      it.type === 'function_call' &&
      (it as HistoryFunctionCall).output === null &&
      this.#sentOutputs.has((it as HistoryFunctionCall).callId)
        ? { ...it, output: this.#sentOutputs.get((it as HistoryFunctionCall).callId) as string }
        : it,
    );
    const plan = planReseed(items, this.#options.reseed);
    const unacked = this.#unacked;
    this.#unacked = [];
    for (const event of plan.events) this.#transport.send({ ...event, event_id: this.#nextEventId() });
    for (const item of unacked) {
      if (
        item.type === 'function_call_output' &&
        plan.events.some((e) => e.item.type === 'function_call_output' && e.item.call_id === item.call_id)
      )
        continue;
      this.#transport.send({ type: 'conversation.item.create', event_id: this.#nextEventId(), item });
      this.#unacked.push(item);
    }
    if (plan.omitted > 0)
      this.#emit({
        type: 'warning',
        warning: new ContinuityWarning(
          'reseed_windowed',
          `The reconnect replayed the last ${plan.itemIds.length} items; ${plan.omitted} older ones were left out (reseed option).`,
        ),
      });
  }

  /** Connected again: send what waited, in order. */
  #resumed(rollover: boolean): void {
    this.#state = 'open';
    this.#reconnectAbort = null;
    const held = this.#outbox;
    this.#outbox = [];
    for (const event of held) this.#send(event);
    this.#sequencer.resume();
    const backlog = this.#backlog;
    if (backlog) {
      const dropped = backlog.dropped;
      for (const chunk of backlog.drain()) this.#transport.sendAudio(chunk);
      if (dropped > 0)
        this.#emit({
          type: 'warning',
          warning: new ContinuityWarning(
            'audio_dropped',
            `${Math.round((dropped / this.#inputRate()) * 1000)} ms of audio sent while reconnecting did not fit the buffer (reconnectAudioBufferMs) and was dropped; the rest was sent.`,
          ),
        });
    }
    this.#emit({
      type: 'connection',
      state: 'connected',
      resumed: true,
      ...(rollover && { rollover: true }),
    });
  }

  #inputRate(): number {
    const f = this.#options.inputAudioFormat;
    return f === 'g711_ulaw' || f === 'g711_alaw' ? 8000 : 24000;
  }

  #holdAudio(samples: Int16Array): void {
    this.#backlog ??= new AudioBacklog(
      Math.round((this.#options.reconnectAudioBufferMs / 1000) * this.#inputRate()),
    );
    this.#backlog.push(samples.slice());
  }

  /** Remember what this client created until the server echoes it. */
  #sentItem(item: ItemInput): void {
    if (item.type === 'function_call_output') this.#sentOutputs.set(item.call_id, item.output);
    if (item.type === 'message' && !item.content.every((c) => c.type === 'input_text')) return;
    this.#unacked.push(item);
    if (this.#unacked.length > 100) this.#unacked.shift();
  }

  /** The server echoed an item: drop the matching unacknowledged one. */
  #acked(item: HistoryItem): void {
    const i = this.#unacked.findIndex((u) =>
      u.type === 'function_call_output'
        ? item.type === 'function_call_output' && (item as { callId: string }).callId === u.call_id
        : u.type === 'message' &&
          item.type === 'message' &&
          (item as HistoryMessage).role === u.role &&
          (item as HistoryMessage).text === u.content.map((c) => ('text' in c ? c.text : '')).join(''),
    );
    if (i >= 0) this.#unacked.splice(i, 1);
  }

  #scheduleRollover(): void {
    const rollover = this.#options.rollover;
    if (!rollover || !this.#options.reconnect) return;
    if (this.#rolloverTimer) clearTimeout(this.#rolloverTimer);
    this.#rolloverTimer = setTimeout(() => this.#rolloverWhenQuiet(), rollover.afterMs);
  }

  /** Roll over at the next moment nobody speaks and nothing runs. */
  #rolloverWhenQuiet(): void {
    this.#rolloverTimer = null;
    if (this.#state !== 'open') return;
    const busy =
      this.#sequencer.busy ||
      this.#userSpeaking ||
      this.#serverPlaying !== null ||
      (!this.#transport.serverManagedAudio && this.#transport.playback() !== null);
    if (busy) {
      this.#rolloverTimer = setTimeout(() => this.#rolloverWhenQuiet(), 250);
      return;
    }
    this.#lost(new TransportError('rollover', 'Renewing the connection before the session time limit'), true);
  }

  #onAudio(chunk: AudioChunk): void {
    this.#audioProduced = true;
    const ms = (chunk.data.length / chunk.sampleRate) * 1000;
    this.#receivedMs.set(chunk.itemId, (this.#receivedMs.get(chunk.itemId) ?? 0) + ms);
    if (this.#response && this.#response.id === chunk.responseId) this.#response.lastAudioItem = chunk.itemId;
    this.#metrics.audioItem(chunk.itemId, chunk.responseId);
    if (this.#events.wants('audio')) {
      this.#emit({
        type: 'audio',
        data: chunk.data,
        sampleRate: chunk.sampleRate,
        itemId: chunk.itemId,
        contentIndex: chunk.contentIndex,
        responseId: chunk.responseId,
      });
    }
  }

  #onPlaybackStarted(itemId: string, at: number): void {
    const m = this.#metrics.playbackStarted({ itemId }, at);
    if (m) this.#emit(m);
  }

  #onMessage(raw: string | object): void {
    const parsed = parseServerEvent(raw);
    if (!parsed.ok) {
      this.#emitError(parsed.error);
      return;
    }
    if (this.#events.wants('raw')) this.#emit({ type: 'raw', event: parsed.event });
    if (!parsed.known) return;
    try {
      this.#handle(parsed.event);
    } catch (e) {
      this.#emitError(
        new ProtocolError(
          'handler_failed',
          `Handling '${parsed.event.type}' failed: ${(e as Error)?.message ?? e}`,
          parsed.event,
        ),
      );
    }
  }

  #handle(e: ServerEvent): void {
    switch (e.type) {
      case 'error': {
        this.#sequencer.failed(e.error.event_id, e.error.code);
        if (e.error.code === 'session_expired' && this.#options.reconnect) {
          // the server ends the session now: carry the conversation over to a new one
          this.#emit({ type: 'warning', warning: new ContinuityWarning('session_expired', e.error.message) });
          this.#lost(new TransportError('session_expired', e.error.message), true);
          return;
        }
        if (e.error.code === 'response_cancel_not_active') return;
        this.#emitError(new ProtocolError(e.error.code ?? 'server_error', e.error.message, e));
        return;
      }
      case 'input_audio_buffer.speech_started':
        this.#userSpeaking = true;
        this.#emit({ type: 'speech_started', itemId: e.item_id, audioStartMs: e.audio_start_ms });
        this.#bargeIn();
        return;
      case 'input_audio_buffer.speech_stopped':
        this.#userSpeaking = false;
        this.#metrics.userSpoke(now());
        this.#emit({ type: 'speech_stopped', itemId: e.item_id, audioEndMs: e.audio_end_ms });
        return;
      case 'input_audio_buffer.committed':
        if (this.#options.turnDetection === null) this.#metrics.userSpoke(now());
        return;
      case 'conversation.item.added':
      case 'conversation.item.done': {
        const change = this.#history.upsert(e.item, e.previous_item_id);
        if (this.#cutItems.has(e.item.id)) this.#history.setStatus(e.item.id, 'incomplete');
        const item = this.#history.get(e.item.id);
        if (!item) return;
        if (change === 'added') {
          this.#acked(item);
          this.#emit({ type: 'history_added', item });
          const m = item as HistoryMessage;
          if (
            m.type === 'message' &&
            m.role === 'user' &&
            typeof m.text === 'string' &&
            m.content.some((c) => c.type === 'input_text')
          ) {
            this.#emit({
              type: 'transcript',
              role: 'user',
              itemId: m.itemId,
              text: m.text,
              delta: m.text,
              final: true,
            });
          }
        }
        if (change) this.#emit({ type: 'history_updated', history: this.#history.items });
        return;
      }
      case 'conversation.item.deleted':
        if (this.#history.remove(e.item_id))
          this.#emit({ type: 'history_updated', history: this.#history.items });
        return;
      case 'conversation.item.truncated':
        if (this.#history.setStatus(e.item_id, 'incomplete'))
          this.#emit({ type: 'history_updated', history: this.#history.items });
        return;
      case 'conversation.item.input_audio_transcription.delta': {
        const text = (this.#transcripts.get(e.item_id) ?? '') + e.delta;
        this.#transcripts.set(e.item_id, text);
        this.#emit({
          type: 'transcript',
          role: 'user',
          itemId: e.item_id,
          text,
          delta: e.delta,
          final: false,
        });
        return;
      }
      case 'conversation.item.input_audio_transcription.completed':
        this.#transcripts.delete(e.item_id);
        this.#emit({
          type: 'transcript',
          role: 'user',
          itemId: e.item_id,
          text: e.transcript,
          delta: e.transcript,
          final: true,
        });
        if (this.#history.setText(e.item_id, e.transcript))
          this.#emit({ type: 'history_updated', history: this.#history.items });
        return;
      case 'conversation.item.input_audio_transcription.failed':
        this.#emitError(
          new ProtocolError(
            e.error.code ?? 'transcription_failed',
            `Transcription of ${e.item_id} failed: ${e.error.message}`,
            e,
          ),
        );
        return;
      case 'response.created':
        this.#onResponseCreated(e.response.id);
        return;
      case 'response.content_part.added':
        if (e.part.type === 'audio') {
          this.#audioProduced = true;
          // WebRTC reports playback before any tap frame is delivered: the item is known from here
          this.#metrics.audioItem(e.item_id, e.response_id);
        }
        return;
      case 'response.output_audio_transcript.delta':
      case 'response.output_text.delta': {
        const text = (this.#transcripts.get(e.item_id) ?? '') + e.delta;
        this.#transcripts.set(e.item_id, text);
        this.#emit({
          type: 'transcript',
          role: 'assistant',
          itemId: e.item_id,
          text,
          delta: e.delta,
          final: false,
        });
        if (this.#response?.id === e.response_id) this.#response.guard.add(e.delta);
        return;
      }
      case 'response.output_audio_transcript.done':
      case 'response.output_text.done': {
        const text = e.type === 'response.output_text.done' ? e.text : e.transcript;
        this.#transcripts.delete(e.item_id);
        this.#emit({
          type: 'transcript',
          role: 'assistant',
          itemId: e.item_id,
          text,
          delta: text,
          final: true,
        });
        if (this.#history.setText(e.item_id, text))
          this.#emit({ type: 'history_updated', history: this.#history.items });
        return;
      }
      case 'response.output_item.done':
        if (e.item.type === 'function_call') this.#onFunctionCall(e.item as FunctionCallItem);
        return;
      case 'response.done':
        this.#onResponseDone(e);
        return;
      case 'output_audio_buffer.started':
        // metrics come from the transport's first really played sample, not from this server event
        this.#serverPlaying = { responseId: e.response_id, itemId: this.#response?.lastAudioItem ?? null };
        return;
      case 'output_audio_buffer.stopped': {
        const item = this.#lastAudioItemOf(e.response_id);
        this.#serverPlaying = null;
        if (item) this.#emit({ type: 'audio_end', itemId: item });
        return;
      }
      case 'output_audio_buffer.cleared': {
        const item = this.#lastAudioItemOf(e.response_id);
        this.#serverPlaying = null;
        const pos = this.#transport.stopPlayback();
        if (item)
          this.#emit({ type: 'audio_interrupted', itemId: item, playedMs: Math.floor(pos?.playedMs ?? 0) });
        return;
      }
      default:
        return;
    }
  }

  #lastAudioItemOf(responseId: string): string | null {
    if (this.#serverPlaying?.responseId === responseId && this.#serverPlaying.itemId)
      return this.#serverPlaying.itemId;
    for (let i = this.#history.items.length - 1; i >= 0; i--) {
      const it = this.#history.items[i]!;
      if (it.type === 'message' && (it as { role: string }).role === 'assistant') return it.itemId;
    }
    return null;
  }

  #onResponseCreated(id: string): void {
    this.#sequencer.created(id);
    const agent = this.#agent;
    const guard: GuardrailCheck<TContext> = new GuardrailCheck<TContext>({
      agent,
      debounce: this.#options.guardrails.debounceTextLength,
      ctx: () => this.#ctx(),
      onTrip: (trip) => this.#onTrip(id, agent, trip),
      onError: (err) => this.#emitError(err),
    });
    this.#response = { id, agent, guard, lastAudioItem: null };
    this.#metrics.responseCreated(id, now());
    this.#emit({ type: 'agent_start', agent: agent, responseId: id });
  }

  #onResponseDone(e: Extract<ServerEvent, { type: 'response.done' }>): void {
    const r = e.response;
    const usage = r.usage as Usage | null;
    if (usage) {
      this.#usage = {
        requests: this.#usage.requests + 1,
        inputTokens: this.#usage.inputTokens + (usage.input_tokens ?? 0),
        outputTokens: this.#usage.outputTokens + (usage.output_tokens ?? 0),
        totalTokens: this.#usage.totalTokens + (usage.total_tokens ?? 0),
      };
    }
    const state = this.#response?.id === r.id ? this.#response : null;
    const agent = state?.agent ?? this.#agent;
    let output = state?.guard.text ?? '';
    if (!output) {
      for (const item of r.output) {
        if (item.type !== 'message') continue;
        for (const c of (item as { content: Array<{ text?: string; transcript?: string | null }> }).content ??
          []) {
          output += c.text ?? c.transcript ?? '';
        }
      }
    }
    if (state) {
      state.guard.setFinal(output);
      this.#response = null;
    }
    this.#emit({ type: 'agent_end', agent: agent, responseId: r.id, output, status: r.status, usage });
    this.#sequencer.done(r.id);
    if (state) void state.guard.final();
  }

  #onTrip(responseId: string, agent: RealtimeAgent<TContext>, trip: Trip): void {
    if (this.#state !== 'open') return;
    this.#emit({
      type: 'guardrail_tripped',
      guardrail: trip.guardrail,
      agent: agent,
      responseId,
      output: trip.output,
      outputInfo: trip.outputInfo,
    });
    this.#interrupt();
    const info =
      trip.outputInfo === undefined
        ? ''
        : ` Details: ${typeof trip.outputInfo === 'string' ? trip.outputInfo : JSON.stringify(trip.outputInfo)}.`;
    this.#send({
      type: 'conversation.item.create',
      event_id: this.#nextEventId(),
      item: {
        type: 'message',
        role: 'system',
        content: [
          {
            type: 'input_text',
            text: `Your last answer was blocked by the output guardrail '${trip.guardrail}'.${info} Apologize briefly and answer again without that content.`,
          },
        ],
      },
    });
    this.#sequencer.request();
  }

  /** Barge-in seen by server VAD. The server cancels (when interrupt_response is on); we cut playback. */
  #bargeIn(): void {
    if (this.#transport.serverManagedAudio) return;
    const td = this.#options.turnDetection;
    const interruptResponse = td ? td.interruptResponse !== false : true;
    const pos = this.#transport.playback();
    if (pos) this.#truncatePlayback();
    if (!interruptResponse && this.#sequencer.activeResponseId) {
      this.#send({
        type: 'response.cancel',
        event_id: this.#nextEventId(),
        response_id: this.#sequencer.activeResponseId,
      });
    }
  }

  #interrupt(): void {
    const active = this.#sequencer.activeResponseId;
    if (active) this.#send({ type: 'response.cancel', event_id: this.#nextEventId(), response_id: active });
    if (this.#transport.serverManagedAudio) {
      if (active || this.#serverPlaying)
        this.#send({ type: 'output_audio_buffer.clear', event_id: this.#nextEventId() });
      return;
    }
    this.#truncatePlayback();
  }

  #truncatePlayback(): void {
    const pos = this.#transport.stopPlayback();
    if (!pos) return;
    const received = this.#receivedMs.get(pos.itemId) ?? pos.playedMs;
    const ms = Math.max(0, Math.floor(Math.min(pos.playedMs, received)));
    this.#send({
      type: 'conversation.item.truncate',
      event_id: this.#nextEventId(),
      item_id: pos.itemId,
      content_index: pos.contentIndex,
      audio_end_ms: ms,
    });
    this.#emit({ type: 'audio_interrupted', itemId: pos.itemId, playedMs: ms });
  }

  #onFunctionCall(item: FunctionCallItem): void {
    const seen = this.#calls.get(item.call_id);
    if (seen !== undefined) {
      if (seen !== item.arguments) {
        this.#emitError(
          new ProtocolError(
            'duplicate_call_id',
            `The server reused call_id '${item.call_id}' with different arguments; the call was not run again`,
            item,
          ),
        );
      }
      return;
    }
    this.#calls.set(item.call_id, item.arguments);
    const agent = this.#agent;
    const handoff = agent.handoffs.find((h) => h.toolName === item.name);
    this.#sequencer.hold();
    const gen = this.#generation;
    const work = handoff ? this.#runHandoff(item, handoff, agent) : this.#runFunction(item, agent);
    void work
      .catch((e) =>
        this.#emitError(
          new ToolError(
            'tool_failed',
            item.name,
            item.call_id,
            `Running '${item.name}' failed: ${(e as Error)?.message ?? e}`,
            { cause: e },
          ),
        ),
      )
      .finally(() => {
        if (gen !== this.#generation) return;
        this.#sequencer.request();
        this.#sequencer.release();
      });
  }

  #sendOutput(callId: string, output: string): void {
    this.#send({
      type: 'conversation.item.create',
      event_id: this.#nextEventId(),
      item: { type: 'function_call_output', call_id: callId, output },
    });
  }

  async #runFunction(item: FunctionCallItem, agent: RealtimeAgent<TContext>): Promise<void> {
    const t = agent.tools.find((x) => x.name === item.name) as FunctionTool<TContext> | undefined;
    const gen = this.#generation;
    if (!t) {
      const names = [...agent.tools.map((x) => x.name), ...agent.handoffs.map((h) => h.toolName)];
      const error = new ToolError(
        'unknown_tool',
        item.name,
        item.call_id,
        `The model called '${item.name}', which agent '${agent.name}' does not have (tools: ${names.join(', ') || 'none'})`,
      );
      this.#sendOutput(
        item.call_id,
        `Error: there is no tool named '${item.name}'. Available tools: ${names.join(', ') || 'none'}.`,
      );
      this.#emitError(error);
      this.#emit({
        type: 'tool_end',
        agent: agent,
        toolName: item.name,
        callId: item.call_id,
        output: error.message,
        ok: false,
      });
      return;
    }
    const result = await runTool(t, item.call_id, item.arguments, this.#ctx(), {
      approve: (args) =>
        new Promise((resolve) => {
          if (gen !== this.#generation) return resolve({ approved: false, message: 'session closed' });
          this.#approvals.set(item.call_id, resolve);
          this.#emit({
            type: 'tool_approval_requested',
            agent: agent,
            toolName: t.name,
            callId: item.call_id,
            arguments: args,
          });
        }),
      started: (args) =>
        this.#emit({
          type: 'tool_start',
          agent: agent,
          toolName: t.name,
          callId: item.call_id,
          arguments: args,
        }),
    });
    if (gen !== this.#generation) return;
    this.#sendOutput(item.call_id, result.output);
    if (result.error) this.#emitError(result.error);
    this.#emit({
      type: 'tool_end',
      agent: agent,
      toolName: t.name,
      callId: item.call_id,
      output: result.error ? result.output : result.value,
      ok: !result.error,
    });
  }

  async #runHandoff(
    item: FunctionCallItem,
    handoff: Handoff<TContext>,
    from: RealtimeAgent<TContext>,
  ): Promise<void> {
    const gen = this.#generation;
    if (handoff.onHandoff) {
      try {
        await handoff.onHandoff(this.#ctx());
      } catch (e) {
        this.#emitError(
          new ToolError(
            'handoff_hook_failed',
            item.name,
            item.call_id,
            `onHandoff for '${handoff.agent.name}' threw: ${(e as Error)?.message ?? e}`,
            { cause: e },
          ),
        );
      }
    }
    if (gen !== this.#generation) return;
    this.#agent = handoff.agent;
    this.#send({
      type: 'session.update',
      event_id: this.#nextEventId(),
      session: await this.#sessionConfig(),
    });
    this.#sendOutput(item.call_id, JSON.stringify({ assistant: handoff.agent.name }));
    this.#emit({ type: 'handoff', from: from, to: handoff.agent });
  }
}
