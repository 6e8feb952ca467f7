/**
 * One WebRTC call (protocol §2.1): peer connection, `oai-events` channel created before the offer,
 * an audio transceiver whose track (microphone) is attached while signalling runs, the SDP POST,
 * the initial `session.update`, and ready on `session.updated`. Everything it opened is released
 * by `close()`.
 *
 * A call can also be prepared (`prepare()`): the same steps up to `session.updated`, but with no
 * track on the sender (the server hears nothing, so turn detection cannot start a response) and no
 * session attached: server events are queued and the remote audio is not played. `activate()` then
 * attaches the session's handlers (replaying the queue), sends `session.update` only if the config
 * differs from the one confirmed, puts the microphone on the sender (`replaceTrack`, no
 * renegotiation) and starts playing — the session is ready without another network round trip.
 * @module
 */
import {
  formatRate,
  type TransportConnectOptions,
  TransportError,
  type TransportHandlers,
  type TransportPrepareOptions,
} from '@realtime-agents/core';
import type { ClientEvent, SessionConfig } from '@realtime-agents/core/protocol';
import {
  answersSessionUpdate,
  ConnectDeadline,
  isEphemeralKey,
  reportWarning,
  type ServerErrorBody,
  sessionRejectedError,
} from '@realtime-agents/core/transport-kit';
import { watchConnection } from './connection-monitor.js';
import { resolveKey } from './credentials.js';
import { callsUrl } from './endpoint.js';
import { parseMessage, sendEvent } from './event-channel.js';
import { LocalAudio } from './local-audio.js';
import type { WebRtcTransportOptions } from './options.js';
import { PlaybackTracker } from './playback-tracker.js';
import { PlayoutStats } from './playout-stats.js';
import { RemoteAudio } from './remote-audio.js';
import { exchangeSdp } from './sdp-exchange.js';

const INIT_EVENT_ID = 'webrtc_session_init';
/** After injected audio has played, time for its last RTP packets to reach the server's input buffer. */
const INJECT_FLUSH_MS = 120;

/** Inputs of a {@link WebRtcCall}. */
export interface CallInit {
  options: WebRtcTransportOptions;
  /** For a prepared call `session` may be missing (then it is sent by `activate`). */
  connect: TransportConnectOptions | TransportPrepareOptions;
  /** The session's callbacks; null for a prepared call until `activate`. */
  handlers: TransportHandlers | null;
  muted: boolean;
  /** Called once when the call ended by itself (connection lost, server hung up). */
  onLost(): void;
}

/** A live call. Created by the transport per `connect()`. */
export class WebRtcCall {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  readonly local: LocalAudio;
  readonly remote: RemoteAudio;
  readonly tracker: PlaybackTracker;
  #stats: PlayoutStats | null = null;
  /** `rtc_…` from the answer's `Location`, once known. */
  callId: string | null = null;
  readonly #init: CallInit;
  readonly #abort = new AbortController();
  #deadline: ConnectDeadline | null = null;
  /** Client events held back until injected audio has reached the server (see `send`). */
  #held: ClientEvent[] | null = null;
  #stopMonitor: (() => void) | null = null;
  #stopFailures: (() => void) | null = null;
  #closed = false;
  #ready = false;
  /** The session's callbacks; null while the call is only prepared. */
  #handlers: TransportHandlers | null;
  /** Server events that arrived before a session was attached. */
  #queued: Array<string | object> = [];
  /** The remote stream, held back from playing until a session is attached. */
  #remoteStream: MediaStream | null = null;
  /** The config the server confirmed with `session.updated` (JSON), if any. */
  #confirmed: string | null = null;
  #mic: Promise<void> | null = null;
  #sender: RTCRtpSender | null = null;
  /** The interrupted response whose remaining audio is muted, until another response starts playing. */
  #cut: string | null = null;

  constructor(init: CallInit) {
    this.#init = init;
    this.#handlers = init.handlers;
    const { options } = init;
    const handlers: TransportHandlers = {
      message: (m) => (this.#handlers ? this.#handlers.message(m) : this.#queued.push(m)),
      audio: (c) => this.#handlers?.audio(c),
      playbackStarted: (i, at) => this.#handlers?.playbackStarted?.(i, at),
      playbackDrained: (i) => this.#handlers?.playbackDrained?.(i),
      state: (s, e) => this.#handlers?.state(s, e),
      warning: (e) => this.#handlers?.warning?.(e),
    };
    const reportError = (error: Error) => {
      if (!this.#closed && this.#handlers)
        reportWarning(this.#handlers, error, this.#ready ? 'connected' : 'connecting');
    };
    this.tracker = new PlaybackTracker(
      handlers,
      () => this.#stats?.extraMs ?? 0,
      () => this.#stats?.bufferedMs ?? 0,
    );
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers ?? [] });
    this.channel = this.pc.createDataChannel('oai-events');
    this.local = new LocalAudio({
      mediaStream: options.mediaStream,
      inputDeviceId: options.inputDeviceId,
      audioConstraints: options.audioConstraints,
      injectRate: formatRate(init.connect.session?.audio?.input?.format),
      onError: reportError,
    });
    this.local.mute(init.muted);
    this.remote = new RemoteAudio({
      audioElement: options.audioElement,
      outputDeviceId: options.outputDeviceId,
      onFrame: (f) => {
        this.tracker.frame(f);
        // poll the receiver's concealment stats only while the assistant speaks
        if (this.tracker.speaking) this.#stats?.start();
        else this.#stats?.stop();
      },
      onError: reportError,
    });
    this.pc.addEventListener('track', (e) => {
      if (e.track.kind !== 'audio') return;
      this.#remoteStream = e.streams[0] ?? new MediaStream([e.track]);
      // a prepared call plays nothing (and starts no AudioContext) before the user's click
      if (this.#handlers) this.remote.play(this.#remoteStream);
    });
    this.channel.addEventListener('message', (e) => this.#onMessage(e.data));
  }

  /** What the connect is waiting for (for errors that name the stage). */
  get stage(): string {
    return this.#deadline?.stage ?? 'the client secret';
  }

  async #changePeerConnection(change: (pc: RTCPeerConnection) => void | Promise<void>): Promise<void> {
    try {
      await change(this.pc);
    } catch (e) {
      throw new TransportError(
        'change_peer_connection_failed',
        `changePeerConnection(pc) threw: ${(e as Error)?.message ?? e}`,
        { cause: e },
      );
    }
    this.#check();
  }

  /** Run the whole connect flow; rejects with a `TransportError` naming what failed or was awaited. */
  open(): Promise<void> {
    return this.#staged('the client secret', 'connect', async (failed) => {
      const mic = this.#micFailure();
      await Promise.race([this.#dial(true), failed, mic]);
      await Promise.race([this.#live(), failed]);
    });
  }

  /**
   * Everything up to the confirmed session config, with no track on the sender and no session
   * attached (see the module comment). Rejects naming the stage that failed or was awaited.
   */
  prepare(): Promise<void> {
    return this.#staged('the client secret', 'prepare', (failed) =>
      Promise.race([this.#dial(false), failed]),
    );
  }

  /**
   * Attach a session to a prepared call: replay what arrived, update the config if it changed,
   * put the microphone on the sender, start playing. Ready without a round trip when unchanged.
   */
  activate(handlers: TransportHandlers, connect: TransportConnectOptions, onLost: () => void): Promise<void> {
    this.#handlers = handlers;
    this.#init.connect = connect;
    this.#init.onLost = onLost;
    this.local.injectRate = formatRate(connect.session.audio?.input?.format);
    for (const m of this.#queued.splice(0)) handlers.message(m);
    if (this.#remoteStream) this.remote.play(this.#remoteStream);
    return this.#staged('the microphone', 'connect', async (failed) => {
      this.#check();
      const mic = this.#micFailure();
      this.#attachMic().catch(() => undefined);
      await Promise.race([this.#confirm(), failed, mic]);
      await Promise.race([this.#live(), failed]);
    });
  }

  /** Run `body` under the connect deadline, failing fast on peer/channel failures (and a refused mic). */
  async #staged(
    first: string,
    what: 'connect' | 'prepare',
    body: (failed: Promise<never>) => Promise<void>,
  ): Promise<void> {
    const { options, connect } = this.#init;
    const timeoutMs = options.connectTimeoutMs ?? connect.timeoutMs ?? 15_000;
    const deadline = new ConnectDeadline({
      timeoutMs,
      stage: first,
      message: (stage, ms) => `WebRTC ${what} timed out after ${ms} ms waiting for ${stage}.`,
      onTimeout: () => this.#abort.abort(),
    });
    this.#deadline = deadline;
    const failed = this.#failures();
    failed.catch(() => undefined);
    try {
      await deadline.step(body(failed));
    } finally {
      deadline.clear();
      this.#stopFailures?.();
    }
  }

  /** Rejects when the microphone is refused (so the connect fails at once, not after the handshake); never resolves. */
  #micFailure(): Promise<never> {
    const p = this.local.open().then(() => new Promise<never>(() => undefined));
    p.catch(() => undefined);
    return p;
  }

  /** Open the microphone (once) and put it on the audio sender. A refusal rejects. */
  #attachMic(): Promise<void> {
    this.#mic ??= this.#sender
      ? this.local.attach(this.#sender)
      : Promise.reject(new TransportError('closed', 'No audio transceiver.'));
    return this.#mic;
  }

  async #dial(withMic: boolean): Promise<void> {
    const { options, connect } = this.#init;
    // microphone and key in parallel with the offer: the track joins the transceiver when ready
    if (withMic) this.local.open().catch(() => undefined);
    const headers = { ...connect.extraHeaders, ...options.extraHeaders };
    const key = resolveKey(
      { clientSecret: options.clientSecret, apiKey: options.apiKey },
      connect.apiKey,
      options.dangerouslyAllowBrowser === true,
      headers,
    );
    key.catch(() => undefined);
    const transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.#stats = new PlayoutStats(transceiver.receiver);
    this.#sender = transceiver.sender;
    if (withMic) this.#attachMic().catch(() => undefined);
    if (options.changePeerConnection) await this.#changePeerConnection(options.changePeerConnection);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.#check();
    const secret = await key;
    this.#check();
    // protocol §2.2: with a standard key the config travels in the call (multipart `session`) and
    // session.created already carries it; an ephemeral key posts raw SDP (its config came with the secret)
    const inCall = secret && !isEphemeralKey(secret) ? this.#wanted() : undefined;
    const url = callsUrl(options.baseUrl ?? connect.baseUrl);
    this.#enter(`the SDP answer from POST ${url}`);
    const answer = await exchangeSdp({
      url,
      key: secret,
      offer: offer.sdp ?? '',
      session: inCall,
      headers,
      signal: this.#abort.signal,
    });
    this.#check();
    this.callId = answer.callId;
    this.#enter(
      'the WebRTC connection (ICE/DTLS) to come up after the SDP answer; the server answered but no media path was found',
    );
    const created = inCall && this.#reply('session.created');
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    this.#check();
    await this.#channelOpen();
    if (created) {
      this.#enter("the server's session.created");
      await created;
      this.#confirmed = JSON.stringify(inCall);
    }
    await this.#confirm();
  }

  /** The session config asked for (with the transport's `model`), if any. */
  #wanted(): SessionConfig | undefined {
    const { options, connect } = this.#init;
    return options.model && connect.session ? { ...connect.session, model: options.model } : connect.session;
  }

  /** Send the session config unless the server already confirmed this very config; await `session.updated`. */
  async #confirm(): Promise<void> {
    const session = this.#wanted();
    if (!session) return;
    const json = JSON.stringify(session);
    if (json === this.#confirmed) return;
    this.#enter("the server's session.updated reply to the initial session.update");
    const ready = this.#reply('session.updated');
    this.send({ type: 'session.update', event_id: INIT_EVENT_ID, session });
    await ready;
    this.#check();
    this.#confirmed = json;
  }

  /** The microphone on the sender, then ready: watch the connection from now on. */
  async #live(): Promise<void> {
    const { options } = this.#init;
    this.#enter('the microphone (getUserMedia); allow microphone access or pass mediaStream');
    await this.#attachMic();
    this.#check();
    this.#ready = true;
    this.#stopMonitor = watchConnection({
      pc: this.pc,
      channel: this.channel,
      graceMs: options.disconnectGraceMs,
      state: (s, e) => !this.#closed && this.#handlers?.state(s, e),
      lost: () => {
        if (this.#closed) return;
        this.close();
        this.#init.onLost();
        this.#handlers?.state('closed');
      },
    });
  }

  /**
   * Send one client event on the data channel. `sendAudio` audio travels in real time on the RTP
   * track, so an `input_audio_buffer.commit` sent while it is still playing (push-to-talk:
   * `session.sendAudio(pcm, { commit: true })`) is held — with every event after it, in order —
   * until that audio has reached the server.
   */
  send(event: ClientEvent): void {
    if (this.#closed)
      throw new TransportError('closed', `Cannot send '${event.type}': the WebRTC transport is closed.`);
    if (event.type === 'output_audio_buffer.clear') this.#cutTail();
    if (this.#held) {
      this.#held.push(event);
      return;
    }
    if (event.type === 'input_audio_buffer.commit' && this.local.injecting) {
      this.#held = [event];
      void this.local
        .drained()
        .then(() => new Promise((r) => setTimeout(r, INJECT_FLUSH_MS)))
        .then(() => this.#release());
      return;
    }
    sendEvent(this.channel, event, this.pc.sctp?.maxMessageSize);
  }

  #release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    if (this.#closed) return;
    for (let i = 0; i < held.length; i++) {
      try {
        this.send(held[i]!);
      } catch (e) {
        if (this.#handlers) reportWarning(this.#handlers, e as Error, 'connected');
      }
      // a later commit may have started holding again: keep the order
      if (this.#held) {
        (this.#held as ClientEvent[]).push(...held.slice(i + 1));
        return;
      }
    }
  }

  /** Release everything this call opened. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    this.#stopMonitor?.();
    this.#stats?.stop();
    this.tracker.reset();
    this.local.close();
    this.remote.close();
    try {
      if (this.channel.readyState !== 'closed') this.channel.close();
    } catch {
      // already gone
    }
    this.pc.close();
  }

  /**
   * The playing answer was interrupted: mute what is left of it now. The browser's jitter buffer
   * would otherwise go on playing it for up to a second under load; the next answer unmutes.
   */
  #cutTail(responseId?: string): void {
    const playing = this.tracker.responseId;
    if (playing === null || (responseId && responseId !== playing)) return;
    this.#cut = playing;
    this.remote.silence();
  }

  #enter(stage: string): void {
    if (this.#deadline) this.#deadline.stage = stage;
  }

  #check(): void {
    if (this.#closed) throw new TransportError('closed', 'The transport was closed while connecting.');
  }

  #onMessage(data: unknown): void {
    if (this.#closed) return;
    const text =
      typeof data === 'string' ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : null;
    if (text === null) return;
    const event = parseMessage(text);
    if (event) {
      if (event.type === 'output_audio_buffer.started') {
        // fresh concealment baseline right as the assistant starts
        void this.#stats?.poll();
        if (this.#cut !== null && event.response_id !== this.#cut) {
          this.#cut = null;
          this.remote.unsilence();
        }
      } else if (event.type === 'output_audio_buffer.cleared') {
        // the server cut it (barge-in): what the jitter buffer holds is stale too
        this.#cutTail(event.response_id as string | undefined);
      }
      this.tracker.observe(event);
    }
    const raw = event ?? text;
    if (this.#handlers) this.#handlers.message(raw);
    else this.#queued.push(raw);
  }

  #channelOpen(): Promise<void> {
    if (this.channel.readyState === 'open') return Promise.resolve();
    const onState = () => {
      if (this.pc.connectionState === 'connected') this.#enter('the oai-events data channel to open');
    };
    this.pc.addEventListener('connectionstatechange', onState);
    return new Promise<void>((resolve) => {
      this.channel.addEventListener('open', () => resolve(), { once: true });
    }).finally(() => this.pc.removeEventListener('connectionstatechange', onState));
  }

  #reply(type: 'session.created' | 'session.updated'): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (e: MessageEvent) => {
        const event = typeof e.data === 'string' ? parseMessage(e.data) : null;
        if (event?.type === type) {
          this.channel.removeEventListener('message', onMessage);
          resolve();
        } else if (event?.type === 'error') {
          const error = event.error as ServerErrorBody | undefined;
          if (!answersSessionUpdate(error, INIT_EVENT_ID)) return;
          this.channel.removeEventListener('message', onMessage);
          reject(sessionRejectedError({ error }));
        }
      };
      this.channel.addEventListener('message', onMessage);
    });
  }

  /** Rejects as soon as the peer fails or the channel closes while connecting. */
  #failures(): Promise<never> {
    return new Promise((_, reject) => {
      const onState = () => {
        if (this.#ready || this.#closed) return cleanup();
        if (this.pc.connectionState === 'failed') {
          cleanup();
          reject(
            new TransportError(
              'ice_failed',
              'The WebRTC connection failed while connecting (ICE failed): the server is unreachable from this network.',
            ),
          );
        }
      };
      const onClose = () => {
        if (this.#ready || this.#closed) return cleanup();
        cleanup();
        reject(
          new TransportError(
            'channel_closed',
            'The server closed the oai-events data channel before the session was ready.',
          ),
        );
      };
      const cleanup = () => {
        this.pc.removeEventListener('connectionstatechange', onState);
        this.channel.removeEventListener('close', onClose);
      };
      this.#stopFailures = cleanup;
      this.pc.addEventListener('connectionstatechange', onState);
      this.channel.addEventListener('close', onClose);
    });
  }
}
