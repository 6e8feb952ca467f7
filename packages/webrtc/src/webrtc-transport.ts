/**
 * `webrtcTransport(options)`: the browser WebRTC transport. The server plays the assistant's audio
 * into the call and truncates on barge-in itself (`serverManagedAudio`); this transport plays the
 * remote track, taps it into PCM16 `audio` events with exact played positions, injects `sendAudio`
 * PCM16, and handles mute, device switches and connection health.
 * @module
 */
import {
  type ConnectionState,
  type PlaybackPosition,
  type Transport,
  type TransportConnectOptions,
  TransportError,
  type TransportHandlers,
  type TransportPrepareOptions,
} from '@realtime-agents/core';
import type { ClientEvent } from '@realtime-agents/core/protocol';
import { WebRtcCall } from './call.js';
import { validateOptions, type WebRtcTransportOptions } from './options.js';
import type { PreparedLink } from '@realtime-agents/core/transport-kit';
import { type PreparationState, prepareCall } from './preparation.js';

/**
 * The WebRTC transport. Create with {@link webrtcTransport}; serves one session at a time and can
 * connect again after `close()`.
 * @example
 * const transport = webrtcTransport({ clientSecret: fetchSecret });
 * const session = await new RealtimeRunner({ transport }).session(agent);
 * await transport.setInputDevice(headsetId);
 */
export class WebRtcTransport implements Transport {
  readonly name = 'webrtc';
  readonly serverManagedAudio = true;
  readonly #options: WebRtcTransportOptions;
  #call: WebRtcCall | null = null;
  #muted = false;
  #state: ConnectionState = 'closed';
  /** The last call sent a microphone track; kept through a drop, cleared by `close()`. */
  #micSent = false;
  /** The call prepared for the next connect, if any. */
  #prep: PreparedLink<WebRtcCall> | null = null;
  /** Counts `close()` calls, so a connect awaiting a preparation notices one. */
  #closes = 0;

  constructor(options: WebRtcTransportOptions = {}) {
    this.#options = validateOptions(options);
  }

  /** `rtc_…` id of the current (or prepared) call, for sideband control from your server; or null. */
  get callId(): string | null {
    return this.#call?.callId ?? (this.#prep?.state === 'ready' ? this.#prep.link.callId : null);
  }
  /** The current peer connection, or null when not connected. */
  get peerConnection(): RTCPeerConnection | null {
    return this.#call?.pc ?? null;
  }
  /** The `<audio>` element playing the assistant, or null when not connected. */
  get audioElement(): HTMLAudioElement | null {
    return this.#call?.remote.element ?? null;
  }
  /** The assistant's remote stream, once it arrived. */
  get remoteStream(): MediaStream | null {
    return this.#call?.remote.stream ?? null;
  }
  /** The track currently captured as the user's input (microphone or given stream). */
  get inputTrack(): MediaStreamTrack | null {
    return this.#call?.local.track ?? null;
  }
  /** True while the microphone is muted. */
  get muted(): boolean {
    return this.#muted;
  }
  /** True while the assistant's audio is playing (from `output_audio_buffer.*` and the tap). */
  get speaking(): boolean {
    return this.#call?.tracker.speaking ?? false;
  }
  /** Last connection state reported. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Where the call prepared by {@link prepare} stands (`none` once a connect took it). */
  get preparation(): PreparationState {
    return this.#prep?.state ?? 'none';
  }

  /**
   * Make the next `connect` nearly instant: fetch the key, create the peer connection, exchange
   * SDP, bring up ICE/DTLS and the data channel, and confirm `options.session` with the server —
   * all before the user clicks. The call then waits idle: no microphone on it (the sender has no
   * track, so turn detection hears nothing and no response starts) and the assistant's audio is
   * not played. `connect` adopts it: it replays the events that arrived, sends `session.update`
   * only if the config changed, puts the microphone on the sender (`replaceTrack`, no
   * renegotiation) and is ready. Unused for `idleTimeoutMs` (default 60 s), the call is closed and
   * the next connect starts afresh. Idempotent while preparing or ready. A failure rejects (the
   * promise is already handled) and the next `connect` throws it as `prepare_failed`, naming the
   * stage. Usually called through `runner.prepare(agent)`.
   * @example
   * const transport = webrtcTransport({ clientSecret: fetchSecret });
   * const runner = new RealtimeRunner({ transport });
   * void runner.prepare(agent);                                  // page load
   * button.onclick = () => runner.session(agent);                // adopts the prepared call
   */
  prepare(options: TransportPrepareOptions): Promise<void> {
    const prep = this.#prep;
    if (prep && (prep.state === 'preparing' || prep.state === 'ready')) return prep.done;
    let error: TransportError | null = null;
    if (this.#call) error = this.#busy();
    else if (typeof RTCPeerConnection === 'undefined') error = this.#unsupported();
    if (error) {
      const rejected = Promise.reject(error);
      rejected.catch(() => undefined);
      return rejected;
    }
    prep?.close();
    this.#prep = prepareCall(this.#options, options, this.#muted);
    return this.#prep.done;
  }

  async connect(options: TransportConnectOptions, handlers: TransportHandlers): Promise<void> {
    if (this.#call) throw this.#busy();
    if (typeof RTCPeerConnection === 'undefined') throw this.#unsupported();
    const report: TransportHandlers = {
      ...handlers,
      state: (s, e) => {
        this.#state = s;
        handlers.state(s, e);
      },
    };
    const prep = this.#prep;
    report.state('connecting');
    let call: WebRtcCall | null = null;
    const onLost = () => {
      if (this.#call === call) this.#call = null;
    };
    try {
      if (prep) {
        // a prepared call (waiting for it if still preparing); close() meanwhile releases it
        const closes = this.#closes;
        try {
          await prep.done.catch(() => undefined);
          call = prep.take(); // throws the prepare_failed error
        } finally {
          if (this.#prep === prep) this.#prep = null;
        }
        if (this.#closes !== closes)
          throw new TransportError('closed', 'The transport was closed while connecting.');
      }
      if (call) {
        this.#call = call;
        call.local.mute(this.#muted);
        await call.activate(report, options, onLost);
      } else {
        call = new WebRtcCall({
          options: this.#options,
          connect: options,
          handlers: report,
          muted: this.#muted,
          onLost,
        });
        this.#call = call;
        await call.open();
      }
    } catch (e) {
      call?.close();
      if (call && this.#call === call) this.#call = null;
      this.#state = 'closed';
      throw e;
    }
    if (this.#call !== call) throw new TransportError('closed', 'The transport was closed while connecting.');
    this.#micSent = call.local.track !== null;
    report.state('connected');
  }

  #busy(): TransportError {
    return new TransportError(
      'already_connected',
      'This WebRTC transport is already connected; a transport serves one session at a time. Close it first or create another with webrtcTransport().',
    );
  }

  #unsupported(): TransportError {
    return new TransportError(
      'unsupported',
      'webrtcTransport needs a browser with WebRTC (RTCPeerConnection is missing here); in Node use websocketTransport from @realtime-agents/websocket.',
    );
  }

  send(event: ClientEvent): void {
    this.#live(`send '${event?.type}'`).send(event);
  }

  /**
   * Send PCM16 mono (at the session's input rate) into the call in place of the microphone, e.g.
   * a recorded question; the microphone comes back when it has played.
   */
  sendAudio(pcm16: Int16Array): void {
    this.#live('sendAudio').local.inject(pcm16);
  }

  playback(): PlaybackPosition | null {
    return this.#call?.tracker.position() ?? null;
  }

  stopPlayback(): PlaybackPosition | null {
    return this.#call?.tracker.stop() ?? null;
  }

  /** Mute or unmute the microphone (`track.enabled`); may be called before connecting. */
  mute(muted: boolean): void {
    this.#muted = muted;
    this.#call?.local.mute(muted);
  }

  /**
   * Switch the microphone without reconnecting (`RTCRtpSender.replaceTrack`).
   * @example await transport.setInputDevice((await listAudioDevices()).inputs[1].deviceId);
   */
  async setInputDevice(deviceId: string | undefined): Promise<void> {
    await this.#live('setInputDevice').local.setInputDevice(deviceId);
  }

  /**
   * Play the assistant through another output device (`HTMLMediaElement.setSinkId`; Chromium).
   * Throws `TransportError` `unsupported` where the browser cannot choose outputs.
   */
  async setOutputDevice(deviceId: string): Promise<void> {
    await this.#live('setOutputDevice').remote.setOutputDevice(deviceId);
  }

  /** True while the call's (or the dropped call's) microphone track is live and unmuted. */
  get capturesMicrophone(): boolean {
    return this.#micSent && !this.#muted;
  }

  close(): void {
    const call = this.#call;
    this.#call = null;
    this.#closes++;
    this.#prep?.close();
    this.#prep = null;
    this.#micSent = false;
    this.#state = 'closed';
    call?.close();
  }

  #live(what: string): WebRtcCall {
    const call = this.#call;
    if (!call)
      throw new TransportError(
        'closed',
        `Cannot ${what}: the WebRTC transport is not connected (closed or never connected).`,
      );
    return call;
  }
}

/**
 * Create the WebRTC transport for a `RealtimeRunner`. `baseUrl`, `extraHeaders` and `apiKey` come
 * from the runner unless given here.
 * @example
 * import { webrtcTransport } from '@realtime-agents/webrtc';
 * const runner = new RealtimeRunner({
 *   transport: webrtcTransport({
 *     clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value),
 *   }),
 * });
 * await using session = await runner.session(agent);
 */
export function webrtcTransport(options: WebRtcTransportOptions = {}): WebRtcTransport {
  return new WebRtcTransport(options);
}
