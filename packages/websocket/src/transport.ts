/**
 * `WebSocketTransport`: the Realtime API over one WebSocket (protocol §3) — JSON events both ways,
 * base64 audio in `input_audio_buffer.append` and `response.output_audio.delta`, playback tracked
 * locally so barge-in and `interrupt()` truncate at what was really heard (§7.3, §12). The work of
 * each connect is a {@link WebSocketConnection}; this class holds the current one.
 * @module
 */
import type { MicCapture, Player } from '@realtime-agents/audio';
import type {
  PlaybackPosition,
  Transport,
  TransportConnectOptions,
  TransportHandlers,
  TransportPrepareOptions,
} from '@realtime-agents/core';
import { TransportError } from '@realtime-agents/core';
import type { ClientEvent } from '@realtime-agents/core/protocol';
import type { WebSocketTransportOptions } from './options.js';
import type { PreparedLink } from '@realtime-agents/core/transport-kit';
import { type PreparationState, prepareSocket } from './preparation.js';
import { realtimeUrl } from './url.js';
import { closedWhileConnecting, WebSocketConnection } from './websocket-connection.js';

type Phase = 'idle' | 'connecting' | 'open' | 'closed';

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
  #connection: WebSocketConnection | null = null;
  #used = false;
  /** A connect is awaiting the preparation it will adopt (no connection yet, but under way). */
  #claiming = false;
  #muted = false;
  /** The last connection opened the browser microphone; kept through a drop, cleared by `close()`. */
  #micOpened = false;
  #url = '';
  #eventCounter = 0;
  /** The socket prepared for the next connect, once `prepare()` loaded the code for it. */
  #prep: PreparedLink<WebSocketConnection> | null = null;
  /** What `prepare()` returned for the current preparation (set while its code loads too). */
  #prepared: Promise<void> | null = null;
  /** Counts `close()` calls, so a connect waiting for a preparation notices one. */
  #closes = 0;

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
    if (this.#claiming) return 'connecting';
    const phase = this.#connection?.phase;
    return phase === 'prepared' ? 'connecting' : (phase ?? (this.#used ? 'closed' : 'idle'));
  }
  /** Where the socket prepared by {@link prepare} stands (`none` once a connect took it). */
  get preparation(): PreparationState {
    return this.#prep?.state ?? (this.#prepared ? 'preparing' : 'none');
  }
  /** The browser player while connected (levels, output device, rendered counts), else null. */
  get player(): Player | null {
    return this.#connection?.audio.player ?? null;
  }
  /** The browser microphone capture while connected, else null. */
  get microphone(): MicCapture | null {
    return this.#connection?.audio.microphone ?? null;
  }

  /**
   * Make the next `connect` nearly instant: resolve the key, open the WebSocket, wait for
   * `session.created` and have the server confirm `options.session` (`session.updated`) — all
   * before the user clicks. The socket then waits idle: no microphone, no player, nothing sent;
   * server events that arrive are held. `connect` adopts it when it goes to the same URL: it
   * delivers the held events in order, sends `session.update` only if the config changed, starts
   * the player and the microphone, and is ready. Unused for `idleTimeoutMs` (default 60 s), or
   * closed by the server while idle, the socket is released and the next connect opens a fresh
   * one. Idempotent while preparing or ready. A failure rejects (the promise is already handled)
   * and the next `connect` throws it as `prepare_failed`, naming the stage. Usually called through
   * `runner.prepare(agent)`.
   * @example
   * const transport = websocketTransport({ clientSecret: fetchEphemeralKey });
   * const runner = new RealtimeRunner({ transport });
   * void runner.prepare(agent);                                  // page load
   * button.onclick = () => runner.session(agent);                // adopts the prepared socket
   */
  prepare(options: TransportPrepareOptions): Promise<void> {
    const state = this.preparation;
    if (this.#prepared && (state === 'preparing' || state === 'ready')) return this.#prepared;
    this.#release();
    let connection: WebSocketConnection;
    let prep: PreparedLink<WebSocketConnection> | undefined;
    try {
      if (this.#connection) throw this.#busy();
      connection = new WebSocketConnection({
        options: this.#options,
        connect: options,
        handlers: null,
        callId: this.#callId,
        muted: this.#muted,
        eventId: `cli_ws_${++this.#eventCounter}`,
        onLost: () => prep?.lost(),
      });
    } catch (e) {
      const rejected = Promise.reject(e);
      rejected.catch(() => undefined);
      return rejected;
    }
    prep = prepareSocket(connection, {
      idleTimeoutMs: options.idleTimeoutMs,
      closedWhilePreparing: closedWhileConnecting,
    });
    this.#prep = prep;
    const prepared = prep.done;
    this.#prepared = prepared;
    return prepared;
  }

  async connect(options: TransportConnectOptions, handlers: TransportHandlers): Promise<void> {
    if (this.#connection || this.#claiming) throw this.#busy();
    this.#used = true;
    handlers.state('connecting');
    let connection: WebSocketConnection | null = null;
    try {
      // no await without a preparation: a second connect must find this one under way (and while
      // the preparation is awaited, #claiming says so)
      if (this.#prepared) {
        this.#claiming = true;
        try {
          connection = await this.#claim(options);
        } finally {
          this.#claiming = false;
        }
      }
      const next = {
        connect: options,
        handlers,
        eventId: `cli_ws_${++this.#eventCounter}`,
        onLost: () => this.#forget(connection!),
      };
      if (connection) {
        this.#connection = connection;
        this.#url = connection.url;
        connection.audio.mute(this.#muted);
        await connection.activate(next);
      } else {
        connection = new WebSocketConnection({
          ...next,
          options: this.#options,
          callId: this.#callId,
          muted: this.#muted,
        });
        this.#connection = connection;
        this.#url = connection.url;
        await connection.open();
      }
    } catch (e) {
      connection?.close();
      if (connection) this.#forget(connection);
      throw e instanceof TransportError
        ? e
        : new TransportError('connect_failed', `Could not connect: ${(e as Error)?.message ?? e}`, {
            cause: e,
          });
    }
    if (this.#connection !== connection) throw closedWhileConnecting();
    this.#micOpened = connection.audio.microphone !== null;
    handlers.state('connected');
  }

  /**
   * The prepared connection for `options`, once preparing settled; null when it expired or goes to
   * another URL (another model or endpoint: released then). Throws `prepare_failed`.
   */
  async #claim(options: TransportConnectOptions): Promise<WebSocketConnection | null> {
    const closes = this.#closes;
    await this.#prepared!.catch(() => undefined);
    if (closes !== this.#closes) throw closedWhileConnecting();
    if (this.#connection) throw this.#busy();
    const model = options.model ?? options.session.model;
    const url = realtimeUrl(this.#options.baseUrl ?? options.baseUrl, { model, callId: this.#callId });
    const prep = this.#prep;
    this.#prep = null;
    this.#prepared = null;
    if (!prep) return null;
    if (url !== prep.link.url) {
      prep.close(); // another model or endpoint: released
      return null;
    }
    return prep.take(); // throws the prepare_failed error
  }

  #busy(): TransportError {
    return new TransportError(
      'already_connected',
      'This WebSocket transport is already connected; close() it first or create another with websocketTransport().',
    );
  }

  send(event: ClientEvent): void {
    this.#live(`send '${event?.type}'`).send(event);
  }

  sendAudio(pcm16: Int16Array): void {
    if (this.#callId) {
      throw new TransportError(
        'unsupported',
        `Cannot send audio over a call_id attachment (${this.#callId}): the caller's audio arrives over SIP/WebRTC media, not this WebSocket.`,
      );
    }
    const connection = this.#live('send audio');
    if (!(pcm16 instanceof Int16Array))
      throw new TypeError('sendAudio(pcm16) needs an Int16Array of PCM16 samples');
    if (pcm16.length === 0) return;
    connection.sendAudio(pcm16);
  }

  playback(): PlaybackPosition | null {
    return this.#connection?.audio.playback() ?? null;
  }

  stopPlayback(): PlaybackPosition | null {
    return this.#connection?.audio.stopPlayback() ?? null;
  }

  /** Whether the microphone (and `sendAudio`) is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  mute(muted: boolean): void {
    this.#muted = !!muted;
    this.#connection?.audio.mute(this.#muted);
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

  /** True while this transport records the browser microphone itself (unmuted), drops included. */
  get capturesMicrophone(): boolean {
    return this.#micOpened && !this.#muted;
  }

  close(): void {
    this.#micOpened = false;
    this.#closes++;
    this.#release();
    const connection = this.#connection;
    if (!connection) return;
    const wasOpen = connection.phase === 'open';
    this.#connection = null;
    connection.close();
    if (wasOpen) connection.handlers?.state('closed');
  }

  /** Close the prepared socket, if any, and forget it. */
  #release(): void {
    this.#prep?.close();
    this.#prep = null;
    this.#prepared = null;
  }

  #forget(connection: WebSocketConnection): void {
    if (this.#connection === connection) this.#connection = null;
  }

  #live(what: string): WebSocketConnection {
    const connection = this.#connection;
    if (!connection) throw new TransportError('closed', `Cannot ${what}: the WebSocket transport is closed.`);
    connection.socket(what);
    return connection;
  }
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
