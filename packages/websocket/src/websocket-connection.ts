/**
 * One WebSocket connection (protocol §3): the socket and its listeners, the audio link, the staged
 * connect (key, handshake, player, `session.update` → `session.updated`, microphone) and the live
 * traffic. Created per `connect()` and thrown away on close: once closed it never calls the
 * session's handlers again, so late callbacks of an old socket cannot reach a newer session.
 * @module
 */
import { type TransportConnectOptions, TransportError, type TransportHandlers } from '@realtime-agents/core';
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
import { resolveAuth } from './auth.js';
import type { WebSocketTransportOptions } from './options.js';
import { openSocket, resolveWebSocket } from './socket.js';
import { realtimeUrl } from './url.js';
import { isPcm16Wire, MAX_APPEND_BYTES, splitBase64 } from './wire-audio.js';
import { parseWireMessage, type WireEvent } from './wire-message.js';

const OPEN = 1;
const CONNECTING = 0;

/** Inputs of a {@link WebSocketConnection}. */
export interface WebSocketConnectionInit {
  options: WebSocketTransportOptions;
  connect: TransportConnectOptions;
  handlers: TransportHandlers;
  /** Attach to this SIP/WebRTC call instead of starting a session (`sipTransport`). */
  callId?: string;
  muted: boolean;
  /** `event_id` of the initial `session.update`. */
  eventId: string;
  /** Called once when the server ended a live connection (before the handlers hear of it). */
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
  /** The session's handlers; this connection stops calling them once closed. */
  readonly handlers: TransportHandlers;
  readonly #init: WebSocketConnectionInit;
  #phase: 'connecting' | 'open' | 'closed' = 'connecting';
  #socket: WebSocket | null = null;
  #deadline: ConnectDeadline | null = null;
  /** Set while waiting for the answer to the initial `session.update`. */
  #confirm: (() => void) | null = null;

  /** Throws `ConfigError` for a bad `baseUrl` or a missing model. */
  constructor(init: WebSocketConnectionInit) {
    this.#init = init;
    const { options, connect, handlers } = init;
    this.handlers = handlers;
    this.url = realtimeUrl(options.baseUrl ?? connect.baseUrl, {
      model: connect.model ?? connect.session.model,
      callId: init.callId,
    });
    this.audio = new AudioLink(
      {
        audio: (chunk) => this.#live() && handlers.audio(chunk),
        listener: {
          started: (itemId, atMs) => this.#live() && handlers.playbackStarted?.(itemId, atMs),
          drained: (itemId) => this.#live() && handlers.playbackDrained?.(itemId),
        },
        sendMic: (b64) => this.#sendMic(b64),
        report: (e) => this.#phase === 'open' && reportWarning(handlers, e, 'connected'),
        alive: () => this.#phase === 'open',
      },
      options,
      {
        input: connect.session.audio?.input?.format,
        output: connect.session.audio?.output?.format,
        muted: init.muted,
      },
    );
  }

  /** Connecting, open, or closed (for good). */
  get phase(): 'connecting' | 'open' | 'closed' {
    return this.#phase;
  }

  /** Run the staged connect; rejects with a `TransportError` naming the stage that failed or was awaited. */
  async open(): Promise<void> {
    const { options: o, connect, callId } = this.#init;
    const timeoutMs = o.connectTimeoutMs ?? connect.timeoutMs ?? 15_000;
    const deadline = new ConnectDeadline({
      timeoutMs,
      stage: 'resolving the key',
      message: (stage, ms) =>
        `Timed out after ${ms} ms ${stage} (${this.url}). Check that the server is reachable and answers session.update with session.updated.`,
    });
    this.#deadline = deadline;
    const browser = isBrowser();
    // Attached to a call: the server plays the audio, nothing to capture or play here. Workers and
    // jsdom count as browsers for key safety but have no Web Audio: no device audio there.
    const deviceAudio = !callId && (o.audio ?? (browser && hasWebAudio()));
    try {
      const impl = await deadline.step(resolveWebSocket(o.WebSocket, o.createWebSocket));
      const auth = await deadline.step(
        resolveAuth({
          clientSecret: o.clientSecret,
          apiKey: o.apiKey,
          runnerApiKey: connect.apiKey,
          extraHeaders: { ...connect.extraHeaders, ...o.extraHeaders },
          useHeaders: impl.headers,
          browser,
          dangerouslyAllowBrowser: o.dangerouslyAllowBrowser,
        }),
      );

      // The player loads while the socket opens; the mic waits for the confirmed input format.
      const outputReady = this.audio.startOutput(callId ? 'none' : deviceAudio ? 'device' : 'headless');
      outputReady.catch(() => undefined);

      const socket = await deadline.step(
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

      await deadline.step(outputReady, 'loading the audio player');

      const confirmed = new Promise<void>((resolve) => {
        this.#confirm = resolve;
      });
      deadline.stage = 'waiting for session.updated (the answer to session.update)';
      socket.send(
        JSON.stringify({ type: 'session.update', event_id: this.#init.eventId, session: connect.session }),
      );
      await deadline.step(confirmed);
      this.#confirm = null;

      if (deviceAudio) await deadline.step(this.audio.startMicrophone(), 'opening the microphone');
    } finally {
      deadline.clear();
      this.#deadline = null;
    }
    if (this.#phase !== 'connecting')
      throw new TransportError('closed', 'The transport was closed while connecting');
    this.#phase = 'open';
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
    const { handlers } = this.#init;
    const text = typeof ev.data === 'string' ? ev.data : new TextDecoder().decode(ev.data as ArrayBuffer);
    const parsed = parseWireMessage(text, isPcm16Wire(this.audio.outputFormat));
    if (!parsed) {
      handlers.message(text); // the session reports it as a ProtocolError
      return;
    }
    const { event, pcm } = parsed;
    const type = event.type;
    if (type === 'session.created' || type === 'session.updated') this.audio.trackFormats(event.session);
    if (type === 'error') this.#onServerError(event);
    handlers.message(event);
    if (type === 'session.updated') this.#confirm?.();
    else if (type === 'response.output_audio.delta') this.audio.onDelta(event, pcm);
    else if (type === 'response.output_audio.done') this.audio.onDone(event);
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
    if (this.#phase !== 'open') return;
    const { handlers } = this.#init;
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
