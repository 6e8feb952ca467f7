/**
 * `WebSocketTransport`: the Realtime API over one WebSocket (protocol §3) — JSON events both ways,
 * base64 audio in `input_audio_buffer.append` and `response.output_audio.delta`, playback tracked
 * locally so barge-in and `interrupt()` truncate at what was really heard (§7.3, §12).
 * @module
 */
import type { MicCapture, Player } from '@realtime-agents/audio';
import {
  type ConnectionState,
  type PlaybackPosition,
  ProtocolError,
  type Transport,
  type TransportConnectOptions,
  TransportError,
  type TransportHandlers,
} from '@realtime-agents/core';
import { type ClientEvent, parseAudioDeltaWire } from '@realtime-agents/core/protocol';
import { AudioLink } from './audio-link.js';
import { resolveAuth } from './auth.js';
import { isBrowser } from './environment.js';
import type { WebSocketTransportOptions } from './options.js';
import { openSocket, resolveWebSocket } from './socket.js';
import { realtimeUrl } from './url.js';
import { isPcm16Wire, MAX_APPEND_BYTES, splitBase64 } from './wire-audio.js';

type Phase = 'idle' | 'connecting' | 'open' | 'closed';

interface PendingConnect {
  eventId: string;
  stage: string;
  resolve(): void;
  reject(error: Error): void;
}

interface WireEvent {
  type?: unknown;
  [key: string]: unknown;
}

const OPEN = 1;

/**
 * The WebSocket transport. Create it with {@link websocketTransport}; one transport serves one
 * session at a time and can connect again after it was closed.
 * @example
 * const transport = websocketTransport({ clientSecret: fetchEphemeralKey });
 * const runner = new RealtimeRunner({ transport });
 * await using session = await runner.session(agent);
 * transport.player?.on('level', (l) => meter(l.rmsDbfs)); // browser
 */
export class WebSocketTransport implements Transport {
  /** `websocket`. */
  readonly name = 'websocket';
  /**
   * False: over WebSocket the client plays the audio and truncates on barge-in itself. True when
   * attached to a SIP/WebRTC call (`sipTransport`), whose audio the server plays.
   */
  readonly serverManagedAudio: boolean;
  readonly #options: WebSocketTransportOptions;
  readonly #callId: string | undefined;
  #phase: Phase = 'idle';
  #attempt = 0;
  #socket: WebSocket | null = null;
  #handlers: TransportHandlers | null = null;
  #pending: PendingConnect | null = null;
  #audio: AudioLink | null = null;
  #muted = false;
  #url = '';
  #eventCounter = 0;

  /** Use {@link websocketTransport} (or `sipTransport` for `attach.callId`). */
  constructor(options: WebSocketTransportOptions = {}, attach: { callId?: string } = {}) {
    this.#options = { ...options };
    this.#callId = attach.callId;
    this.serverManagedAudio = !!attach.callId;
  }

  /** The call this transport attaches to (`sipTransport`), else undefined. */
  get callId(): string | undefined {
    return this.#callId;
  }

  /** The URL of the current (or last) connection; it never contains a key. */
  get url(): string {
    return this.#url;
  }
  /** Whether the transport is idle, connecting, open or closed. */
  get phase(): Phase {
    return this.#phase;
  }
  /** The browser player while connected (levels, output device, rendered counts), else null. */
  get player(): Player | null {
    return this.#audio?.player ?? null;
  }
  /** The browser microphone capture while connected, else null. */
  get microphone(): MicCapture | null {
    return this.#audio?.microphone ?? null;
  }
  /** Whether the microphone (and `sendAudio`) is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  async connect(options: TransportConnectOptions, handlers: TransportHandlers): Promise<void> {
    if (this.#phase === 'connecting' || this.#phase === 'open') {
      throw new TransportError(
        'already_connected',
        'This WebSocket transport is already connected; close() it first or create another with websocketTransport().',
      );
    }
    const attempt = ++this.#attempt;
    this.#phase = 'connecting';
    this.#handlers = handlers;
    handlers.state('connecting');
    try {
      await this.#connect(options, attempt);
    } catch (e) {
      if (attempt === this.#attempt) {
        this.#teardown();
        this.#phase = 'closed';
      }
      throw e instanceof TransportError
        ? e
        : new TransportError('connect_failed', `Could not connect: ${(e as Error)?.message ?? e}`, {
            cause: e,
          });
    }
    if (attempt !== this.#attempt || this.#phase !== 'connecting')
      throw new TransportError('closed', 'The transport was closed while connecting');
    this.#phase = 'open';
    handlers.state('connected');
  }

  send(event: ClientEvent): void {
    const socket = this.#openSocket(`send '${event?.type}'`);
    const max = this.#options.maxEventBytes ?? MAX_APPEND_BYTES;
    const json = JSON.stringify(event);
    if (json.length <= max / 3 || utf8Length(json) <= max) {
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
    throw new TransportError(
      'event_too_large',
      `The '${event.type}' event is ${utf8Length(json)} bytes, over the ${max}-byte limit of one WebSocket event; send large content in smaller pieces (audio is split automatically).`,
    );
  }

  sendAudio(pcm16: Int16Array): void {
    if (this.#callId) {
      throw new TransportError(
        'unsupported',
        `Cannot send audio over a call_id attachment (${this.#callId}): the caller's audio arrives over SIP/WebRTC media, not this WebSocket.`,
      );
    }
    this.#openSocket('send audio');
    if (!(pcm16 instanceof Int16Array))
      throw new TypeError('sendAudio(pcm16) needs an Int16Array of PCM16 samples');
    if (pcm16.length === 0) return;
    this.send({ type: 'input_audio_buffer.append', audio: this.#audio!.encodeInput(pcm16) });
  }

  playback(): PlaybackPosition | null {
    return this.#audio?.playback() ?? null;
  }

  stopPlayback(): PlaybackPosition | null {
    return this.#audio?.stopPlayback() ?? null;
  }

  mute(muted: boolean): void {
    this.#muted = !!muted;
    this.#audio?.mute(this.#muted);
  }

  /**
   * Switch the microphone (browser) without reconnecting: a device id, a MediaStream, or
   * undefined for the default device.
   * @example await transport.setInputDevice(picker.value);
   */
  async setInputDevice(device: string | MediaStream | undefined): Promise<void> {
    const mic = this.microphone;
    if (!mic)
      throw new TransportError('no_microphone', 'No microphone is open (not connected, or audio: false)');
    await mic.setDevice(device);
  }

  /**
   * Play through another output device (browser, where `AudioContext.setSinkId` exists).
   * @example await transport.setOutputDevice(speakerPicker.value);
   */
  async setOutputDevice(sinkId: string): Promise<void> {
    const player = this.player;
    if (!player) throw new TransportError('no_player', 'No player is open (not connected, or audio: false)');
    await player.setSinkId(sinkId);
  }

  close(): void {
    if (this.#phase === 'closed' || this.#phase === 'idle') return;
    const wasConnecting = this.#phase === 'connecting';
    this.#phase = 'closed';
    const handlers = this.#handlers;
    this.#pending?.reject(
      new TransportError('closed', `The transport was closed while ${this.#pending.stage}`),
    );
    this.#teardown();
    if (!wasConnecting) handlers?.state('closed');
  }

  // ---- connecting ---------------------------------------------------------------------------

  async #connect(options: TransportConnectOptions, attempt: number): Promise<void> {
    const o = this.#options;
    const timeoutMs = o.connectTimeoutMs ?? options.timeoutMs ?? 15_000;
    const url = realtimeUrl(o.baseUrl ?? options.baseUrl, {
      model: options.model ?? options.session.model,
      callId: this.#callId,
    });
    this.#url = url;
    const audio = new AudioLink(
      {
        audio: (chunk) => this.#handlers?.audio(chunk),
        listener: {
          started: (itemId, atMs) => this.#handlers?.playbackStarted?.(itemId, atMs),
          drained: (itemId) => this.#handlers?.playbackDrained?.(itemId),
        },
        sendMic: (b64) => this.#sendMic(b64),
        report: (e) => this.#report(e),
        alive: () => attempt === this.#attempt && this.#phase === 'open',
      },
      o,
      {
        input: options.session.audio?.input?.format,
        output: options.session.audio?.output?.format,
        muted: this.#muted,
      },
    );
    this.#audio = audio;
    const browser = isBrowser();
    // Attached to a call: the server plays the audio, nothing to capture or play here.
    const deviceAudio = !this.#callId && (o.audio ?? browser);

    let stage = 'resolving the key';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TransportError(
              'connect_timeout',
              `Timed out after ${timeoutMs} ms ${stage} (${url}). Check that the server is reachable and answers session.update with session.updated.`,
            ),
          ),
        timeoutMs,
      );
      this.#pending = { eventId: '', stage, resolve: () => undefined, reject };
    });
    guard.catch(() => undefined);
    const step = <T>(p: Promise<T>): Promise<T> => {
      if (this.#pending) this.#pending.stage = stage;
      return Promise.race([p, guard]);
    };
    try {
      const impl = await step(resolveWebSocket(o.WebSocket));
      const auth = await step(
        resolveAuth({
          clientSecret: o.clientSecret,
          apiKey: o.apiKey,
          runnerApiKey: options.apiKey,
          extraHeaders: { ...options.extraHeaders, ...o.extraHeaders },
          useHeaders: impl.headers,
          browser,
          dangerouslyAllowBrowser: o.dangerouslyAllowBrowser,
        }),
      );

      // The player loads while the socket opens; the mic waits for the confirmed input format.
      const outputReady = audio.startOutput(this.#callId ? 'none' : deviceAudio ? 'device' : 'headless');
      outputReady.catch(() => undefined);

      stage = 'waiting for the WebSocket handshake';
      const socket = await step(
        new Promise<WebSocket>((resolve, reject) => {
          this.#socket = openSocket({
            impl,
            url,
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
      );

      stage = 'loading the audio player';
      await step(outputReady);

      stage = 'waiting for session.updated (the answer to session.update)';
      const eventId = `cli_ws_${++this.#eventCounter}`;
      const confirmed = new Promise<void>((resolve, reject) => {
        this.#pending = { eventId, stage, resolve, reject };
      });
      socket.send(JSON.stringify({ type: 'session.update', event_id: eventId, session: options.session }));
      await step(confirmed);

      if (deviceAudio) {
        stage = 'opening the microphone';
        await step(audio.startMicrophone());
      }
    } finally {
      clearTimeout(timer);
      if (attempt === this.#attempt) this.#pending = null;
    }
  }

  // ---- receiving ----------------------------------------------------------------------------

  readonly #onMessage = (ev: MessageEvent): void => {
    const handlers = this.#handlers;
    if (!handlers) return;
    const text = typeof ev.data === 'string' ? ev.data : new TextDecoder().decode(ev.data as ArrayBuffer);
    // Audio deltas are most of a stream: parsed without JSON.parse over their base64 and decoded
    // straight from the string (the same code ScriptedTransport runs), or null for the general path.
    const fast = isPcm16Wire(this.#audio?.outputFormat) ? parseAudioDeltaWire(text) : null;
    let event: WireEvent;
    if (fast) event = fast.event;
    else
      try {
        event = JSON.parse(text) as WireEvent;
      } catch {
        handlers.message(text); // the session reports it as a ProtocolError
        return;
      }
    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      handlers.message(text);
      return;
    }
    const type = event.type;
    if (type === 'session.created' || type === 'session.updated') this.#audio?.trackFormats(event.session);
    if (type === 'error') this.#onServerError(event);
    handlers.message(event);
    if (type === 'session.updated' && this.#pending?.eventId) this.#pending.resolve();
    else if (type === 'response.output_audio.delta') this.#audio?.onDelta(event, fast?.pcm);
    else if (type === 'response.output_audio.done') this.#audio?.onDone(event);
  };

  #onServerError(event: WireEvent): void {
    const pending = this.#pending;
    if (!pending?.eventId) return;
    const err = (event.error ?? {}) as {
      message?: string;
      code?: string;
      event_id?: string | null;
      param?: string;
    };
    const answersUpdate =
      err.event_id === pending.eventId ||
      (!err.event_id && typeof err.param === 'string' && err.param.startsWith('session'));
    if (!answersUpdate) return;
    pending.reject(
      new TransportError(
        'session_rejected',
        `The server rejected the session configuration: ${err.message ?? 'unknown error'}${err.code ? ` (${err.code})` : ''}`,
        { cause: new ProtocolError(err.code ?? 'server_error', err.message ?? '', event) },
      ),
    );
  }

  #sendMic(base64: string): void {
    const socket = this.#socket;
    if (this.#phase !== 'open' || !socket || socket.readyState !== OPEN) return;
    socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: base64 }));
  }

  readonly #onClose = (ev: CloseEvent): void => {
    const reason = `code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''}`;
    if (this.#phase === 'connecting') {
      this.#pending?.reject(
        new TransportError(
          'connection_closed',
          `The server closed the WebSocket (${reason}) while the transport was ${this.#pending.stage} (${this.#url})`,
        ),
      );
      return;
    }
    if (this.#phase !== 'open') return;
    const handlers = this.#handlers;
    this.#phase = 'closed';
    this.#teardown();
    const error = new TransportError(
      'connection_lost',
      `The WebSocket to ${this.#url} closed unexpectedly (${reason}); start a new session to continue.`,
    );
    handlers?.state('disconnected', error);
    handlers?.state('closed');
  };

  // ---- helpers ------------------------------------------------------------------------------

  #openSocket(what: string): WebSocket {
    const socket = this.#socket;
    if (this.#phase !== 'open' || !socket || socket.readyState !== OPEN) {
      throw new TransportError(
        'closed',
        `Cannot ${what}: the WebSocket transport is ${this.#phase === 'open' ? 'closing' : this.#phase === 'connecting' ? 'still connecting' : 'closed'}.`,
      );
    }
    return socket;
  }

  /** Report a non-fatal problem through the session's error events. */
  #report(error: Error): void {
    if (this.#phase === 'open') this.#handlers?.state('connected' as ConnectionState, error);
  }

  /** Release everything this connection opened: socket, listeners, mic, player, timers. */
  #teardown(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.removeEventListener('message', this.#onMessage);
      socket.removeEventListener('close', this.#onClose);
      try {
        if (socket.readyState === OPEN) socket.close(1000);
        else if (socket.readyState === 0) socket.close();
      } catch {
        // closing a socket that never opened may throw in some implementations; it is gone either way
      }
    }
    this.#audio?.close();
    this.#audio = null;
    this.#handlers = null;
    this.#pending = null;
  }
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).byteLength;
}

/**
 * Create a WebSocket transport (browser and Node). In browsers it authenticates with subprotocols
 * (an ephemeral `ek_` key), captures the microphone and plays audio through AudioWorklets, and
 * truncates interrupted answers at the samples really played. In Node it authenticates with
 * headers (`OPENAI_API_KEY` by default), delivers `audio` events and takes `session.sendAudio()`;
 * with no speaker, received audio counts as played unless you pass `playback` (see {@link clockPlayback}).
 * @example
 * import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
 * import { websocketTransport } from '@realtime-agents/websocket';
 * const runner = new RealtimeRunner({ model: 'gpt-realtime', transport: websocketTransport() });
 * await using session = await runner.session(new RealtimeAgent({ name: 'A', instructions: 'Be brief.' }));
 * await session.sendText('Hello!');
 */
export function websocketTransport(options: WebSocketTransportOptions = {}): WebSocketTransport {
  return new WebSocketTransport(options);
}
