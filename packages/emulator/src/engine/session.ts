/**
 * One emulated Realtime session ({@link EngineSession}): client events in, GA server events out, the
 * input audio buffer with server VAD, responses, barge-in, session expiry and fault injection.
 * Transports (WebSocket here, WebRTC/SIP in `src/webrtc/`) feed it raw events and audio.
 * @module
 */
import type { Item, Session } from '@realtime-agents/core/protocol';
import { decodeToPcm24k } from '../audio/formats.js';
import type { Brain } from '../brain/brain.js';
import { FaultyChannel } from '../faults.js';
import { newId } from '../ids.js';
import type { SpeechSynthesizer } from '../speech/synthesizer.js';
import { RealtimeApiError, apiErrors } from './api-error.js';
import { type ClientEventObject, parseClientEvent } from './client-event-check.js';
import { createItem, retrieveItem, transcribeItem, truncateItem, truncateRequest } from './item-ops.js';
import type { CreateSessionOptions, EngineSession, MediaSink, SessionKind } from './contracts.js';
import { Conversation } from './conversation.js';
import { InputBuffer } from './input-buffer.js';
import { McpServers } from './mcp-list-tools.js';
import { resolveResponsePlan } from './response-params.js';
import { ResponseRun } from './response.js';
import { defaultSession, mergeSession, validateSessionConfig } from './session-config.js';
import type { Transcriber } from './transcriber.js';
import { Vad, vadSettings } from './vad.js';

/** Dependencies and knobs of an engine session (the emulator fills these from its options). */
export interface EngineOptions extends CreateSessionOptions {
  brain: Brain;
  synth: SpeechSynthesizer;
  transcriber?: Transcriber;
  /** Session length limit. @default 3_600_000 (60 min) */
  maxDurationMs?: number;
  /** Pause between streamed response chunks. @default 10 */
  streamIntervalMs?: number;
  /** Every event in (`in`) and out (`out`), as wire JSON. */
  log?: (direction: 'in' | 'out', json: string) => void;
}

/**
 * The engine's implementation of {@link EngineSession}; `onEnd` tells the transport to close.
 * @example
 * const s = new EngineSessionImpl({ kind: 'websocket', brain: createDefaultBrain(), synth: createSynthesizer() });
 * s.addListener((json) => socket.send(json));
 * s.onEnd((code, reason) => socket.close(code, reason));
 * s.start(); // → session.created
 * s.receive('{"type":"response.create"}');
 */
export class EngineSessionImpl implements EngineSession {
  readonly id = newId.session();
  readonly kind: SessionKind;
  readonly callId: string | undefined;
  readonly conversationId = newId.conversation();
  session: Session;
  readonly conversation = new Conversation();
  #listeners = new Set<(json: string) => void>();
  #endListeners = new Set<(code: number, reason: string) => void>();
  #channel: FaultyChannel;
  #input = new InputBuffer();
  #vad: Vad | null = null;
  #speechItemId: string | null = null;
  #speechStartMs = 0;
  #active: ResponseRun | null = null;
  #outOfBand = new Set<ResponseRun>();
  #media: MediaSink | null = null;
  #voiceLocked = false;
  #transcripts = new Map<string, Promise<string>>();
  #pendingStopped = new Set<string>();
  #cleared = new Set<string>();
  #timers = new Set<NodeJS.Timeout>();
  #idleTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #started = false;
  readonly #mcp: McpServers = new McpServers({
    conversation: this.conversation,
    emit: (event) => this.#emit(event),
  });
  readonly #itemContext = ((self: EngineSessionImpl) => ({
    conversation: self.conversation,
    get session() {
      return self.session;
    },
    get closed() {
      return self.#closed;
    },
    transcripts: self.#transcripts,
    get transcriber() {
      return self.options.transcriber;
    },
    emit: (event: Record<string, unknown>) => self.#emit(event),
  }))(this);

  constructor(private readonly options: EngineOptions) {
    this.kind = options.kind;
    this.callId = options.callId;
    const maxMs = options.maxDurationMs ?? 3_600_000;
    const model = options.model ?? options.config?.model ?? 'gpt-realtime';
    this.session = defaultSession(this.id, model, Math.floor((Date.now() + maxMs) / 1000));
    if (options.config)
      this.session = mergeSession(
        this.session,
        validateSessionConfig({ ...options.config, type: 'realtime' }, this.session, false),
      );
    this.session.model = model;
    this.#configureVad();
    this.#channel = new FaultyChannel(
      options.faults ?? [],
      (json) => {
        for (const send of [...this.#listeners]) send(json);
      },
      () => this.#end(1011, 'emulator fault: close_mid_response'),
    );
    this.#later(maxMs, () => {
      const minutes = Math.round(maxMs / 60_000);
      const error = apiErrors.sessionExpired(minutes);
      this.#emit({ type: 'error', error: error.toPayload(null) });
      this.#end(1001, error.message);
    });
  }

  /** The media sink, when a WebRTC/SIP call carries the audio. */
  get media(): MediaSink | null {
    return this.#media;
  }

  get closed(): boolean {
    return this.#closed;
  }

  addListener(send: (json: string) => void): () => void {
    this.#listeners.add(send);
    return () => this.#listeners.delete(send);
  }

  /** Called when the session ends itself (expiry → 1001, fault → 1011, hangup → 1000). */
  onEnd(listener: (code: number, reason: string) => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  attachMedia(sink: MediaSink): void {
    this.#media = sink;
  }

  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#emit({ type: 'session.created', session: this.session });
    this.#mcp.sync(this.session.tools);
  }

  receive(raw: string): void {
    if (this.#closed) return;
    this.options.log?.('in', raw);
    let eventId: string | null = null;
    try {
      const event = parseClientEvent(raw, (id) => {
        eventId = id;
      });
      this.#dispatch(event);
    } catch (error) {
      if (error instanceof RealtimeApiError) this.#emit({ type: 'error', error: error.toPayload(eventId) });
      else
        this.#emit({
          type: 'error',
          error: {
            type: 'server_error',
            code: null,
            message: `Emulator error: ${(error as Error).message}`,
            param: null,
            event_id: eventId,
          },
        });
    }
  }

  appendAudio(pcm24k: Int16Array): void {
    if (this.#closed || !pcm24k.length) return;
    this.#input.append(pcm24k);
    if (!this.#vad) return;
    const floorMs = this.#input.startSample / 24;
    for (const ev of this.#vad.push(pcm24k, floorMs)) {
      if (ev.type === 'speech_started') this.#speechStarted(ev.audioStartMs);
      else this.#speechStopped(ev.audioEndMs);
    }
    if (!this.#vad.speaking) {
      const td = this.session.audio.input.turn_detection;
      const keepMs =
        Math.max(td && 'prefix_padding_ms' in td ? (td.prefix_padding_ms ?? 300) : 300, 300) + 100;
      this.#input.drop(this.#input.totalSamples - keepMs * 24);
    }
  }

  mediaStarted(responseId: string): void {
    if (this.#closed) return;
    this.#emit({ type: 'output_audio_buffer.started', response_id: responseId }, true);
  }

  mediaDrained(responseId: string): void {
    if (this.#closed || this.#cleared.has(responseId)) return;
    const run = this.#active?.id === responseId ? this.#active : null;
    if (run && !run.done) this.#pendingStopped.add(responseId);
    else this.#emit({ type: 'output_audio_buffer.stopped', response_id: responseId }, true);
  }

  close(): void {
    if (this.#closed) return;
    this.#active?.cancel('client_cancelled');
    for (const run of this.#outOfBand) run.cancel('client_cancelled');
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#clearIdle();
    this.#mcp.close();
    this.#channel.close();
    this.#listeners.clear();
  }

  /** End the session from the server side (hangup): transports get `onEnd(1000, reason)`. */
  endCall(reason = 'call ended'): void {
    this.#end(1000, reason);
  }

  /**
   * Cut the connection abruptly, as a network failure would (no close handshake, code 1011 to the
   * transport, which terminates the socket or closes the data channel). For reconnect tests.
   */
  drop(reason = 'emulator: connection dropped'): void {
    this.#end(1011, reason);
  }

  /** Send `session.created` to one newly attached listener only (sideband sockets). */
  greet(send: (json: string) => void): void {
    const json = JSON.stringify({ type: 'session.created', event_id: newId.event(), session: this.session });
    this.options.log?.('out', json);
    send(json);
  }

  /** End from the server side: tell the transport, then close. */
  #end(code: number, reason: string): void {
    if (this.#closed) return;
    for (const l of [...this.#endListeners]) l(code, reason);
    this.close();
  }

  // ---- events out ----

  #emit(event: Record<string, unknown>, media = false): void {
    if (this.#closed) return;
    const { type, ...rest } = event;
    const json = JSON.stringify({ type, event_id: media ? newId.mediaEvent() : newId.event(), ...rest });
    this.options.log?.('out', json);
    this.#channel.send(type as string, json);
  }

  #later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }

  // ---- client events ----

  #dispatch(e: ClientEventObject) {
    switch (e.type) {
      case 'session.update': {
        const update = validateSessionConfig(e.session, this.session, this.#voiceLocked);
        const before = JSON.stringify(this.session.audio.input.turn_detection);
        this.session = mergeSession(this.session, update);
        if (JSON.stringify(this.session.audio.input.turn_detection) !== before) this.#configureVad();
        this.#emit({ type: 'session.updated', session: this.session });
        if (update.tools !== undefined) this.#mcp.sync(this.session.tools);
        return;
      }
      case 'input_audio_buffer.append': {
        if (typeof e.audio !== 'string') throw apiErrors.invalidType('audio', 'a base64 string', e.audio);
        this.appendAudio(decodeToPcm24k(Buffer.from(e.audio, 'base64'), this.session.audio.input.format));
        return;
      }
      case 'input_audio_buffer.commit': {
        const ms = this.#input.bufferedMs;
        if (ms < 100) throw apiErrors.commitEmpty(ms);
        this.#vad?.reset();
        const itemId = this.#speechItemId ?? newId.item();
        this.#speechItemId = null;
        this.#commit(itemId, this.#input.startSample, this.#input.totalSamples);
        return;
      }
      case 'input_audio_buffer.clear':
        this.#input.drop();
        this.#vad?.reset();
        this.#speechItemId = null;
        this.#emit({ type: 'input_audio_buffer.cleared' });
        return;
      case 'conversation.item.create':
        return createItem(this.#itemContext, e);
      case 'conversation.item.retrieve':
        return retrieveItem(this.#itemContext, e.item_id as string);
      case 'conversation.item.truncate':
        return truncateRequest(this.#itemContext, e);
      case 'conversation.item.delete': {
        if (!this.conversation.delete(e.item_id as string)) throw apiErrors.itemNotFound(e.item_id as string);
        this.#emit({ type: 'conversation.item.deleted', item_id: e.item_id });
        return;
      }
      case 'response.create': {
        const plan = resolveResponsePlan(e.response, this.session, this.conversation, this.conversationId);
        if (plan.conversationId && this.#active && !this.#active.done)
          throw apiErrors.activeResponse(this.#active.id);
        this.#startResponse(plan);
        return;
      }
      case 'response.cancel': {
        const id = e.response_id as string | undefined;
        const run = id ? [this.#active, ...this.#outOfBand].find((r) => r?.id === id) : this.#active;
        if (!run || run.done) throw apiErrors.cancelNotActive();
        run.cancel('client_cancelled');
        return;
      }
      case 'output_audio_buffer.clear': {
        if (!this.#media) throw apiErrors.notWebRtc();
        const cleared = this.#media.clear();
        if (!cleared) return;
        this.#cleared.add(cleared.responseId);
        this.#emit({ type: 'output_audio_buffer.cleared', response_id: cleared.responseId }, true);
        truncateItem(this.#itemContext, cleared.itemId, Math.floor(cleared.playedMs));
        return;
      }
    }
  }

  // ---- input audio, VAD and turns ----

  #configureVad(): void {
    const settings = vadSettings(this.session.audio.input.turn_detection);
    if (!settings) {
      this.#vad = null;
    } else if (this.#vad) {
      this.#vad.update(settings);
    } else {
      this.#vad = new Vad(settings);
      this.#vad.sync(this.#input.totalSamples);
    }
    if (!settings) this.#clearIdle();
  }

  #speechStarted(audioStartMs: number): void {
    this.#clearIdle();
    this.#speechItemId = newId.item();
    this.#speechStartMs = audioStartMs;
    this.#emit({
      type: 'input_audio_buffer.speech_started',
      audio_start_ms: audioStartMs,
      item_id: this.#speechItemId,
    });
    const td = this.session.audio.input.turn_detection;
    if (!td || td.interrupt_response === false) return;
    const run = this.#active && !this.#active.done ? this.#active : null;
    if (this.#media) {
      const cleared = this.#media.busy ? this.#media.clear() : null;
      if (cleared) {
        this.#cleared.add(cleared.responseId);
        this.#emit({ type: 'output_audio_buffer.cleared', response_id: cleared.responseId }, true);
      }
      run?.cancel('turn_detected');
      if (cleared) truncateItem(this.#itemContext, cleared.itemId, Math.floor(cleared.playedMs));
    } else {
      run?.cancel('turn_detected');
    }
  }

  #speechStopped(audioEndMs: number): void {
    const itemId = this.#speechItemId ?? newId.item();
    this.#speechItemId = null;
    this.#emit({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: audioEndMs, item_id: itemId });
    this.#commit(itemId, this.#speechStartMs * 24, audioEndMs * 24);
    const td = this.session.audio.input.turn_detection;
    if (td && td.create_response !== false) this.#autoRespond();
  }

  #commit(itemId: string, fromSample: number, toSample: number): void {
    const audio = this.#input.slice(fromSample, toSample);
    this.#input.drop(toSample);
    const prev = this.conversation.lastId();
    this.#emit({ type: 'input_audio_buffer.committed', previous_item_id: prev, item_id: itemId });
    const item = {
      id: itemId,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    };
    this.conversation.insert({ item: item as unknown as Item, audio });
    this.#emit({ type: 'conversation.item.added', previous_item_id: prev, item });
    this.#emit({ type: 'conversation.item.done', previous_item_id: prev, item });
    transcribeItem(this.#itemContext, itemId, audio);
  }

  #autoRespond(): void {
    if (this.#active && !this.#active.done) return;
    this.#startResponse(resolveResponsePlan(undefined, this.session, this.conversation, this.conversationId));
  }

  #clearIdle(): void {
    if (this.#idleTimer) {
      clearTimeout(this.#idleTimer);
      this.#timers.delete(this.#idleTimer);
      this.#idleTimer = null;
    }
  }

  #armIdle(playbackMs: number): void {
    this.#clearIdle();
    const td = this.session.audio.input.turn_detection;
    if (td?.type !== 'server_vad' || !td.idle_timeout_ms) return;
    this.#idleTimer = this.#later(playbackMs + td.idle_timeout_ms, () => {
      this.#idleTimer = null;
      if (this.#vad?.speaking || (this.#active && !this.#active.done)) return;
      const itemId = newId.item();
      const from = this.#input.startSample;
      const to = this.#input.totalSamples;
      this.#emit({
        type: 'input_audio_buffer.timeout_triggered',
        audio_start_ms: Math.floor(from / 24),
        audio_end_ms: Math.floor(to / 24),
        item_id: itemId,
      });
      this.#commit(itemId, from, to);
      this.#autoRespond();
    });
  }

  // ---- responses ----

  #startResponse(plan: ReturnType<typeof resolveResponsePlan>): void {
    this.#clearIdle();
    const run = new ResponseRun(plan, {
      emit: (event) => this.#emit(event),
      conversation: this.conversation,
      brain: this.options.brain,
      synth: this.options.synth,
      media: this.#media,
      mcp: this.#mcp,
      streamIntervalMs: this.options.streamIntervalMs ?? 10,
      audioProduced: () => {
        if (plan.conversationId) this.#voiceLocked = true;
      },
      brainContext: (items) => this.#brainContext(items),
      finished: (r) => this.#responseFinished(r),
    });
    if (plan.conversationId) this.#active = run;
    else this.#outOfBand.add(run);
    run.start();
  }

  /** The context as the brain sees it: audio parts carry their (placeholder) transcript. */
  async #brainContext(items: Item[]): Promise<Item[]> {
    return Promise.all(
      items.map(async (item) => {
        const pending = this.#transcripts.get(item.id);
        if (!pending || item.type !== 'message') return item;
        const transcript = await pending;
        const copy = structuredClone(item) as Item & { content: Array<Record<string, unknown>> };
        for (const p of copy.content)
          if (p.type === 'input_audio' && !p.transcript) p.transcript = transcript;
        return copy;
      }),
    );
  }

  #responseFinished(run: ResponseRun): void {
    this.#outOfBand.delete(run);
    if (this.#pendingStopped.delete(run.id)) {
      this.#emit({ type: 'output_audio_buffer.stopped', response_id: run.id }, true);
    }
    if (this.#active === run && run.status === 'completed') {
      const samples = run.output.reduce(
        (n, item) => n + (this.conversation.get(item.id)?.audio?.length ?? 0),
        0,
      );
      this.#armIdle(this.#media ? samples / 24 : samples / 24);
    }
  }
}
