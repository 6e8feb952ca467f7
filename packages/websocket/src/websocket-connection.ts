/**
 * One WebSocket connection (protocol §3): the socket and its listeners, the audio link, the staged
 * connect (key, handshake, player, `session.update` → `session.updated`, microphone) and the live
 * traffic. Created per `connect()` and thrown away on close: once closed it never calls the
 * session's handlers again, so late callbacks of an old socket cannot reach a newer session.
 *
 * A connection can also be prepared (`prepare()`, for `transport.prepare`): key, handshake,
 * `session.created` and, when a config is given, `session.update` → `session.updated`, with no
 * session attached — server events are queued, no player or microphone is started. `activate()`
 * then attaches the session (replaying the queue), sends `session.update` only if the config
 * differs from the one confirmed, starts the player and the microphone.
 * @module
 */
import {
  type TransportConnectOptions,
  TransportError,
  type TransportHandlers,
  type TransportPrepareOptions,
} from '@realtime-agents/core';
import type { ClientEvent } from '@realtime-agents/core/protocol';
import {
  answersSessionUpdate,
  ConnectDeadline,
  eventTooLargeError,
  isBrowser,
  oversizeBytes,
  reportWarning,
  type ServerErrorBody,
  sessionRejectedError,
} from '@realtime-agents/core/transport-kit';
import { AudioLink } from './audio-link.js';
import { type HandshakeAuth, resolveAuth } from './auth.js';
import type { WebSocketTransportOptions } from './options.js';
import { openSocket, resolveWebSocket, type WebSocketImpl } from './socket.js';
import { realtimeUrl } from './url.js';
import { isPcm16Wire, MAX_APPEND_BYTES, splitBase64 } from './wire-audio.js';
import { parseWireMessage, type WireEvent } from './wire-message.js';

const OPEN = 1;
const CONNECTING = 0;

/** The `closed` error of a connect that `close()` interrupted. */
export const closedWhileConnecting = () =>
  new TransportError('closed', 'The transport was closed while connecting');

/** Inputs of a {@link WebSocketConnection}. */
export interface WebSocketConnectionInit {
  options: WebSocketTransportOptions;
  /** For a prepared connection `session` may be missing (then it is sent by `activate`). */
  connect: TransportConnectOptions | TransportPrepareOptions;
  /** The session's callbacks; null for a prepared connection until `activate`. */
  handlers: TransportHandlers | null;
  /** Attach to this SIP/WebRTC call instead of starting a session (`sipTransport`). */
  callId?: string;
  muted: boolean;
  /** `event_id` of the initial `session.update`. */
  eventId: string;
  /** Called once when the server ended a live (or prepared, idle) connection, before the handlers hear of it. */
  onLost(): void;
}

/** What `activate` replaces in the init of a prepared connection. */
export interface Activation {
  connect: TransportConnectOptions;
  handlers: TransportHandlers;
  eventId: string;
  onLost(): void;
}

/**
 * A connection: `open()` runs the staged connect; `close()` releases everything. Idempotent close.
 * @example
 * const connection = new WebSocketConnection({ options, connect, handlers, muted: false, eventId: 'cli_ws_1', onLost });
 * try { await connection.open(); } catch (e) { connection.close(); throw e; }
 */
export class WebSocketConnection {
  /** The WebSocket URL (never contains a key). */
  readonly url: string;
  /** This connection's audio: formats, output, microphone. */
  readonly audio: AudioLink;
  #init: WebSocketConnectionInit;
  #phase: 'connecting' | 'prepared' | 'open' | 'closed' = 'connecting';
  #socket: WebSocket | null = null;
  #deadline: ConnectDeadline | null = null;
  /** The stage the last staged run was awaiting when it ended (for `prepare_failed`). */
  #stage = 'resolving the key';
  /** Set while waiting for the answer to a `session.update` sent by the handshake. */
  #confirm: (() => void) | null = null;
  /** The config the server confirmed with `session.updated` (JSON), if any. */
  #confirmed: string | null = null;
  #created = false;
  #onCreated: (() => void) | null = null;
  /** Server events that arrived while no session was attached. */
  #held: MessageEvent[] = [];

  /** Throws `ConfigError` for a bad `baseUrl` or a missing model. */
  constructor(init: WebSocketConnectionInit) {
    this.#init = init;
    const { options, connect } = init;
    this.url = realtimeUrl(options.baseUrl ?? connect.baseUrl, {
      model: connect.model ?? connect.session?.model,
      callId: init.callId,
    });
    this.audio = new AudioLink(
      {
        audio: (chunk) => this.#live() && this.#init.handlers?.audio(chunk),
        listener: {
          started: (itemId, atMs) => this.#live() && this.#init.handlers?.playbackStarted?.(itemId, atMs),
          drained: (itemId) => this.#live() && this.#init.handlers?.playbackDrained?.(itemId),
        },
        sendMic: (b64) => this.#sendMic(b64),
        report: (e) =>
          this.#phase === 'open' && this.#init.handlers && reportWarning(this.#init.handlers, e, 'connected'),
        alive: () => this.#phase === 'open',
      },
      options,
      {
        input: connect.session?.audio?.input?.format,
        output: connect.session?.audio?.output?.format,
        muted: init.muted,
      },
    );
  }

  /** The session's handlers (null while only prepared); this connection stops calling them once closed. */
  get handlers(): TransportHandlers | null {
    return this.#init.handlers;
  }

  /** Connecting, prepared (idle, no session attached), open, or closed (for good). */
  get phase(): 'connecting' | 'prepared' | 'open' | 'closed' {
    return this.#phase;
  }

  /** Run the staged connect; rejects with a `TransportError` naming the stage that failed or was awaited. */
  async open(): Promise<void> {
    const { connect } = this.#init;
    await this.#staged(async (deadline) => {
      const auth = await this.#credentials(deadline);
      // The player loads while the socket opens; the mic waits for the confirmed input format.
      const outputReady = this.audio.startOutput(this.#outputMode());
      outputReady.catch(() => undefined);
      const socket = await this.#handshake(deadline, auth);
      await deadline.step(outputReady, 'loading the audio player');
      await this.#sendConfig(deadline, socket, (connect as TransportConnectOptions).session);
      if (this.#deviceAudio()) await deadline.step(this.audio.startMicrophone(), 'opening the microphone');
    });
    this.#become('open');
  }

  /**
   * Everything up to the confirmed session config with no session attached, no player and no
   * microphone (see the module comment). Rejects with `prepare_failed` naming the stage that failed
   * or was awaited (`closed` when `close()` ended it).
   */
  async prepare(): Promise<void> {
    const { session } = this.#init.connect;
    try {
      await this.#staged(async (deadline) => {
        const auth = await this.#credentials(deadline);
        const socket = await this.#handshake(deadline, auth);
        const created = new Promise<void>((resolve) => {
          this.#onCreated = resolve;
          if (this.#created) resolve();
        });
        await deadline.step(created, 'waiting for session.created');
        if (session) await this.#sendConfig(deadline, socket, session);
      });
    } catch (cause) {
      if (this.#phase === 'closed') throw cause; // close() while preparing
      throw new TransportError(
        'prepare_failed',
        `WebSocket prepare() failed while ${this.#stage}: ${(cause as Error)?.message ?? cause}`,
        { cause },
      );
    }
    this.#become('prepared');
  }

  /**
   * Attach a session to a prepared connection: replay what arrived, update the config if it
   * changed, start the player and the microphone. Ready without a round trip when unchanged.
   */
  async activate(next: Activation): Promise<void> {
    if (this.#phase !== 'prepared') throw closedWhileConnecting();
    this.#init = { ...this.#init, ...next };
    this.#phase = 'connecting';
    for (const ev of this.#held.splice(0)) this.#onMessage(ev);
    await this.#staged(async (deadline) => {
      const outputReady = this.audio.startOutput(this.#outputMode());
      outputReady.catch(() => undefined);
      const socket = this.#socket;
      const session = next.connect.session;
      if (socket && JSON.stringify(session) !== this.#confirmed)
        await this.#sendConfig(deadline, socket, session);
      await deadline.step(outputReady, 'loading the audio player');
      if (this.#deviceAudio()) await deadline.step(this.audio.startMicrophone(), 'opening the microphone');
    }, 'loading the audio player');
    this.#become('open');
  }

  /** Run `body` under the connect deadline; remembers the stage it ended in. */
  async #staged(
    body: (deadline: ConnectDeadline) => Promise<void>,
    first = 'resolving the key',
  ): Promise<void> {
    const { options: o, connect } = this.#init;
    const timeoutMs = o.connectTimeoutMs ?? connect.timeoutMs ?? 15_000;
    const deadline = new ConnectDeadline({
      timeoutMs,
      stage: first,
      message: (stage, ms) =>
        `Timed out after ${ms} ms ${stage} (${this.url}). Check that the server is reachable and answers session.update with session.updated.`,
    });
    this.#deadline = deadline;
    try {
      await body(deadline);
    } finally {
      this.#stage = deadline.stage;
      deadline.clear();
      this.#deadline = null;
    }
  }

  #become(phase: 'prepared' | 'open'): void {
    if (this.#phase !== 'connecting') throw closedWhileConnecting();
    this.#phase = phase;
  }

  /** Attached to a call: the server plays the audio, nothing to capture or play here. */
  #deviceAudio(): boolean {
    const { options: o, callId } = this.#init;
    // Workers and jsdom count as browsers for key safety but have no Web Audio: no device audio there.
    return !callId && (o.audio ?? (isBrowser() && hasWebAudio()));
  }

  #outputMode(): 'device' | 'headless' | 'none' {
    return this.#init.callId ? 'none' : this.#deviceAudio() ? 'device' : 'headless';
  }

  async #credentials(deadline: ConnectDeadline): Promise<{ impl: WebSocketImpl; auth: HandshakeAuth }> {
    const { options: o, connect } = this.#init;
    const impl = await deadline.step(resolveWebSocket(o.WebSocket, o.createWebSocket), 'resolving the key');
    const auth = await deadline.step(
      resolveAuth({
        clientSecret: o.clientSecret,
        apiKey: o.apiKey,
        runnerApiKey: connect.apiKey,
        extraHeaders: { ...connect.extraHeaders, ...o.extraHeaders },
        useHeaders: impl.headers,
        browser: isBrowser(),
        dangerouslyAllowBrowser: o.dangerouslyAllowBrowser,
      }),
    );
    return { impl, auth };
  }

  #handshake(deadline: ConnectDeadline, { impl, auth }: { impl: WebSocketImpl; auth: HandshakeAuth }) {
    return deadline.step(
      new Promise<WebSocket>((resolve, reject) => {
        this.#socket = openSocket({
          impl,
          url: this.url,
          protocols: auth.protocols,
          headers: auth.headers,
          onOpen: (socket) => {
            // Synchronously: the first server event may be parsed right after `open`.
            socket.addEventListener('close', this.#onClose);
            resolve(socket);
          },
          onFail: reject,
        });
        this.#socket?.addEventListener('message', this.#onMessage);
      }),
      'waiting for the WebSocket handshake',
    );
  }

  /** Send `session` as the handshake's `session.update` and await the server's `session.updated`. */
  async #sendConfig(deadline: ConnectDeadline, socket: WebSocket, session: unknown): Promise<void> {
    const confirmed = new Promise<void>((resolve) => {
      this.#confirm = resolve;
    });
    deadline.stage = 'waiting for session.updated (the answer to session.update)';
    socket.send(JSON.stringify({ type: 'session.update', event_id: this.#init.eventId, session }));
    await deadline.step(confirmed);
    this.#confirm = null;
    this.#confirmed = JSON.stringify(session);
  }

  /**
   * Send one client event. An `input_audio_buffer.append` over `maxEventBytes` is split on sample
   * boundaries; any other oversized event throws `event_too_large`.
   */
  send(event: ClientEvent): void {
    const socket = this.socket(`send '${event?.type}'`);
    const max = this.#init.options.maxEventBytes ?? MAX_APPEND_BYTES;
    const json = JSON.stringify(event);
    const bytes = oversizeBytes(json, max);
    if (bytes === null) {
      socket.send(json);
      return;
    }
    if (event.type === 'input_audio_buffer.append') {
      // Leave room for the envelope around the audio.
      const pieces = splitBase64(event.audio, max - 256);
      pieces.forEach((audio, i) => {
        const part = { ...event, audio } as typeof event;
        if (event.event_id) part.event_id = `${event.event_id}_${i + 1}`;
        socket.send(JSON.stringify(part));
      });
      return;
    }
    throw eventTooLargeError(event.type, bytes, max, 'the WebSocket transport (maxEventBytes)');
  }

  /** Send PCM16 at the input rate, encoded in the session's input format (silence while muted). */
  sendAudio(pcm16: Int16Array): void {
    this.send({ type: 'input_audio_buffer.append', audio: this.audio.encodeInput(pcm16) });
  }

  /** The open socket, or a `closed` error saying why `what` cannot be done. */
  socket(what: string): WebSocket {
    const socket = this.#socket;
    if (this.#phase !== 'open' || !socket || socket.readyState !== OPEN) {
      const state =
        this.#phase === 'open' ? 'closing' : this.#phase === 'connecting' ? 'still connecting' : 'closed';
      throw new TransportError('closed', `Cannot ${what}: the WebSocket transport is ${state}.`);
    }
    return socket;
  }

  /** Release the socket, its listeners, the mic and the player; a pending connect rejects `closed`. */
  close(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    const deadline = this.#deadline;
    deadline?.fail(new TransportError('closed', `The transport was closed while ${deadline.stage}`));
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.removeEventListener('message', this.#onMessage);
      socket.removeEventListener('close', this.#onClose);
      try {
        if (socket.readyState === OPEN) socket.close(1000);
        else if (socket.readyState === CONNECTING) socket.close();
      } catch {
        // closing a socket that never opened may throw in some implementations; it is gone either way
      }
    }
    this.audio.close();
  }

  #live(): boolean {
    return this.#phase !== 'closed';
  }

  readonly #onMessage = (ev: MessageEvent): void => {
    if (!this.#live()) return;
    const handlers = this.#init.handlers;
    const text = typeof ev.data === 'string' ? ev.data : new TextDecoder().decode(ev.data as ArrayBuffer);
    const parsed = parseWireMessage(text, isPcm16Wire(this.audio.outputFormat));
    const event = parsed?.event;
    const type = event?.type;
    if (type === 'session.created' || type === 'session.updated') this.audio.trackFormats(event!.session);
    if (type === 'error') this.#onServerError(event!);
    // no session attached yet (prepared): held, and replayed through here by `activate`
    if (!handlers) this.#held.push(ev);
    else if (!event)
      handlers.message(text); // the session reports it as a ProtocolError
    else {
      handlers.message(event);
      if (type === 'response.output_audio.delta') this.audio.onDelta(event, parsed.pcm);
      else if (type === 'response.output_audio.done') this.audio.onDone(event);
    }
    if (type === 'session.updated') this.#confirm?.();
    else if (type === 'session.created') {
      this.#created = true;
      this.#onCreated?.();
    }
  };

  #onServerError(event: WireEvent): void {
    const deadline = this.#deadline;
    const error = event.error as ServerErrorBody | undefined;
    if (!this.#confirm || !deadline || !answersSessionUpdate(error, this.#init.eventId)) return;
    deadline.fail(sessionRejectedError({ ...event, error }));
  }

  #sendMic(base64: string): void {
    const socket = this.#socket;
    if (this.#phase !== 'open' || !socket || socket.readyState !== OPEN) return;
    socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: base64 }));
  }

  readonly #onClose = (ev: CloseEvent): void => {
    const reason = `code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}`;
    if (this.#phase === 'connecting') {
      const deadline = this.#deadline;
      deadline?.fail(
        new TransportError(
          'connection_closed',
          `The server closed the WebSocket (${reason}) while the transport was ${deadline.stage} (${this.url})`,
        ),
      );
      return;
    }
    if (this.#phase === 'prepared') {
      this.close();
      this.#init.onLost();
      return;
    }
    const { handlers } = this.#init;
    if (this.#phase !== 'open' || !handlers) return;
    this.close();
    // A call's socket closed normally by the server: the call ended (hangup, refer), not a failure.
    if (this.#init.callId && ev.code === 1000) {
      handlers.state('closed');
      return;
    }
    this.#init.onLost();
    const error = new TransportError(
      'connection_lost',
      `The WebSocket to ${this.url} closed unexpectedly (${reason}); start a new session to continue.`,
    );
    handlers.state('disconnected', error);
    handlers.state('closed');
  };
}

function hasWebAudio(): boolean {
  return typeof (globalThis as { AudioContext?: unknown }).AudioContext === 'function';
}
