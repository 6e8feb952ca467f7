/**
 * `SessionStore`: what a `<RealtimeProvider>` holds — the one session, its status, and slices of
 * state (transcript, agent state, tool calls, latency, mute) that hooks read separately, so a
 * component re-renders only when its slice changes. Framework-free; React sits on top.
 * @module
 */
import {
  type MetricsEvent,
  type RealtimeAgent,
  type RealtimeRunner,
  RealtimeSession,
  type SessionEvent,
  type SessionEventType,
  type Transport,
} from '@realtime-agents/core';
import { type AgentStateTracker, initialAgentState, reduceAgentState } from './agent-state-model.js';
import { AudioLevelMonitor, type LevelTransport } from './audio-levels.js';
import { Observable } from './observable.js';
import { reduceToolCalls, type ToolCall } from './tool-calls-model.js';
import { reduceTranscript, type TranscriptMessage } from './transcript-model.js';

/** Where the provider's connection stands. */
export type SessionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'error';

/** The connection slice. */
export interface ConnectionSnapshot {
  /** The live session (null until connected, and again once closed). */
  session: RealtimeSession | null;
  status: SessionStatus;
  /** The last error: a failed connect, or an `error` event of the session. */
  error: Error | null;
}

/** Per-turn latency: every `metrics` event of the session (the newest last, at most 50). */
export interface LatencySnapshot {
  last: MetricsEvent | null;
  turns: readonly MetricsEvent[];
}

/** What the provider passes in (read at connect time). */
export interface StoreConfig {
  runner: RealtimeRunner;
  // biome-ignore lint/suspicious/noExplicitAny: agents of any context type
  agent: RealtimeAgent<any>;
  context?: unknown;
}

/** The device-switching methods the kit's transports have beyond `Transport`. */
export interface DeviceTransport extends Transport, LevelTransport {
  setInputDevice?(deviceId: string | undefined): Promise<void>;
  setOutputDevice?(deviceId: string): Promise<void>;
}

/** Events the store folds into its slices. */
const FOLDED: readonly SessionEventType[] = [
  'history_added',
  'history_updated',
  'transcript',
  'agent_start',
  'agent_end',
  'audio',
  'audio_end',
  'audio_interrupted',
  'speech_started',
  'speech_stopped',
  'tool_approval_requested',
  'tool_start',
  'tool_end',
  'metrics',
  'connection',
  'error',
];

type Handler = { type: SessionEventType | '*'; fn: (event: SessionEvent) => void; off?: () => void };

/**
 * One session at a time, with observable slices. `connect()` while connecting or connected returns
 * the same promise; `release()`/`retain()` let React's StrictMode remount keep the session.
 * @example
 * const store = new SessionStore();
 * store.configure({ runner, agent });
 * await store.connect();
 * store.transcript.subscribe(() => render(store.transcript.get()));
 */
export class SessionStore {
  readonly connection = new Observable<ConnectionSnapshot>({ session: null, status: 'idle', error: null });
  readonly transcript = new Observable<readonly TranscriptMessage[]>([]);
  readonly agentState = new Observable<AgentStateTracker>(initialAgentState);
  readonly toolCalls = new Observable<readonly ToolCall[]>([]);
  /** Every `metrics` event of this connection (the newest last, at most 50). */
  readonly latency = new Observable<readonly MetricsEvent[]>([]);
  readonly muted = new Observable<boolean>(false);
  readonly devices = new Observable<{ input?: string; output?: string }>({});
  readonly levels: AudioLevelMonitor;
  #config: StoreConfig | null = null;
  #session: RealtimeSession | null = null;
  #pending: Promise<RealtimeSession | null> | null = null;
  #unbind: Array<() => void> = [];
  readonly #handlers = new Set<Handler>();
  #releaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.levels = new AudioLevelMonitor({
      transport: () => (this.connection.get().status === 'connected' ? this.transport : null),
      muted: () => this.muted.get(),
    });
  }

  /** Runner, agent and context for the next `connect()`. */
  configure(config: StoreConfig): void {
    this.#config = config;
  }

  /** The runner's transport (with the kit's optional device and level parts). */
  get transport(): DeviceTransport | null {
    return (this.#config?.runner.options.transport as DeviceTransport | undefined) ?? null;
  }

  /**
   * Connect (once): resolves with the session, or null when it failed or was closed meanwhile (the
   * reason is in `connection.get().error`). Call it from a click so the browser lets audio play.
   */
  readonly connect = (): Promise<RealtimeSession | null> => {
    if (this.#pending) return this.#pending;
    const config = this.#config!;
    const transport = config.runner.options.transport;
    if (!transport) {
      const error = new Error(
        'RealtimeProvider: the runner has no transport: new RealtimeRunner({ transport })',
      );
      this.#patch({ session: null, status: 'error', error });
      return Promise.resolve(null);
    }
    const session = new RealtimeSession({
      options: config.runner.options,
      agent: config.agent,
      transport,
      context: config.context,
    });
    this.#reset();
    this.#session = session;
    this.#bind(session);
    if (this.muted.get()) transport.mute(true);
    this.#patch({ session: null, status: 'connecting', error: null });
    const pending = session.connect().then(
      async () => {
        if (this.#session !== session) return null;
        this.#patch({ session, status: 'connected' });
        await this.#applyDevices();
        return session;
      },
      (error: Error) => {
        if (this.#session === session) {
          this.#finish();
          this.#patch({ session: null, status: 'error', error });
        }
        return null;
      },
    );
    this.#pending = pending;
    return pending;
  };

  /** Close the session (if any); `status` becomes `closed`. */
  readonly disconnect = (): void => {
    const session = this.#session;
    if (!session) return;
    this.#finish();
    session.close();
    this.#patch({ session: null, status: 'closed' });
    this.agentState.set(initialAgentState);
  };

  /** Listen to one session event type (or `'*'`) across sessions; returns the unsubscribe function. */
  on(type: SessionEventType | '*', fn: (event: SessionEvent) => void): () => void {
    const handler: Handler = { type, fn };
    this.#handlers.add(handler);
    if (this.#session) this.#attach(this.#session, handler);
    return () => {
      this.#handlers.delete(handler);
      handler.off?.();
    };
  }

  /** Mute or unmute the microphone (remembered for the next connection too). */
  mute(muted: boolean): void {
    this.muted.set(muted);
    this.transport?.mute(muted);
  }

  /** Approve a call announced by `tool_approval_requested`. */
  approveTool(callId: string): void {
    this.#requireSession('approveTool').approveTool(callId);
    this.toolCalls.set(reduceToolCalls(this.toolCalls.get(), { type: 'decided', callId, approved: true }));
  }

  /** Reject a call announced by `tool_approval_requested`; the model reads `message`. */
  rejectTool(callId: string, message?: string): void {
    this.#requireSession('rejectTool').rejectTool(callId, message);
    this.toolCalls.set(reduceToolCalls(this.toolCalls.get(), { type: 'decided', callId, approved: false }));
  }

  /** Use another microphone / speaker now (when connected) and on later connections. */
  async setDevice(kind: 'input' | 'output', deviceId: string): Promise<void> {
    const t = this.transport;
    const method = kind === 'input' ? 'setInputDevice' : 'setOutputDevice';
    if (t && typeof t[method] !== 'function')
      throw new Error(
        `The ${t.name} transport cannot switch ${kind === 'input' ? 'microphones' : 'speakers'}`,
      );
    this.devices.set({ ...this.devices.get(), [kind]: deviceId });
    if (this.connection.get().status === 'connected') await t?.[method]?.(deviceId || (undefined as never));
  }

  /** The provider mounted (again): keep the session a StrictMode remount would otherwise close. */
  retain(): void {
    clearTimeout(this.#releaseTimer);
  }

  /** The provider unmounted: close the session unless it mounts again right away (StrictMode). */
  release(): void {
    clearTimeout(this.#releaseTimer);
    this.#releaseTimer = setTimeout(() => {
      this.disconnect();
      this.levels.stop();
    }, 0);
  }

  #patch(p: Partial<ConnectionSnapshot>): void {
    this.connection.set({ ...this.connection.get(), ...p });
  }

  #requireSession(what: string): RealtimeSession {
    const session = this.#session;
    if (!session) throw new Error(`${what}(): not connected; connect() first`);
    return session;
  }

  async #applyDevices(): Promise<void> {
    const { input, output } = this.devices.get();
    const t = this.transport;
    try {
      if (input) await t?.setInputDevice?.(input);
      if (output) await t?.setOutputDevice?.(output);
    } catch (e) {
      this.#patch({ error: e as Error });
    }
  }

  #reset(): void {
    this.transcript.set([]);
    this.toolCalls.set([]);
    this.latency.set([]);
    this.agentState.set(initialAgentState);
  }

  /** Forget the session: no more events reach the slices or the handlers. */
  #finish(): void {
    for (const off of this.#unbind.splice(0)) off();
    for (const h of this.#handlers) h.off?.();
    this.#session = null;
    this.#pending = null;
  }

  #bind(session: RealtimeSession): void {
    for (const type of FOLDED)
      this.#unbind.push(session.on(type, (e: SessionEvent) => this.#fold(session, e)));
    for (const h of this.#handlers) this.#attach(session, h);
  }

  #attach(session: RealtimeSession, handler: Handler): void {
    handler.off?.();
    handler.off = session.on(handler.type as '*', (e) => handler.fn(e));
  }

  #fold(session: RealtimeSession, e: SessionEvent): void {
    if (e.type === 'audio') this.levels.audio(e.data);
    this.transcript.set(reduceTranscript(this.transcript.get(), e));
    this.agentState.set(reduceAgentState(this.agentState.get(), e));
    this.toolCalls.set(reduceToolCalls(this.toolCalls.get(), e));
    if (e.type === 'metrics') {
      this.latency.set([...this.latency.get(), e].slice(-50));
    } else if (e.type === 'error') {
      this.#patch({ error: e.error });
    } else if (e.type === 'connection') {
      const c = this.connection.get();
      if (e.state === 'reconnecting') this.#patch({ status: 'reconnecting' });
      else if (e.state === 'connected' && c.status === 'reconnecting') this.#patch({ status: 'connected' });
      else if ((e.state === 'closed' || e.state === 'failed') && this.#session === session) {
        if (c.status === 'connecting') return; // the failed connect() reports it, with its error
        this.#finish();
        this.#patch({ session: null, status: 'closed' });
      }
    }
  }
}
