/**
 * One WebRTC call: ties a werift peer to an engine session.
 * - data channel (in-band, created by the browser; `oai-events` preferred, any label accepted):
 *   open → `session.start()`; each message → `session.receive(text)`; server events → `dc.send`;
 * - audio in: RTP (Opus, or PCMU/PCMA when that is what was negotiated) → `MicInput` →
 *   `session.appendAudio(pcm24k)`;
 * - audio out: `RtpMediaSink` in the negotiated send codec, attached with `session.attachMedia`;
 * Construct it after the answer was created (the negotiated codecs are read then).
 * - end: peer `failed`/`closed`, data channel closed, ICE not connected within `connectTimeoutMs`,
 *   or `hangup()` → `session.close()` and every resource released. Idempotent.
 * - the engine ending the session itself (expiry, its own faults) through an optional
 *   `onEnd(listener)` method on the session (duck-typed; not part of the contract) also hangs up.
 * Faults: `close_datachannel`/`close_mid_response` closes the channel right after the first
 * `*.delta` event (mid-response), which then ends the call.
 * @module
 */
import { type MediaStreamTrack, type RTCDataChannel, RtpHeader, RtpPacket } from 'werift';
import type { EngineSession } from '../engine/contracts.js';
import { type AudioCodec, codecForMime, OPUS } from './audio-codecs.js';
import { hasFault } from './fault-names.js';
import { MicInput } from './mic-input.js';
import type { LoopbackPeer } from './peer.js';
import { RtpMediaSink } from './rtp-media-sink.js';

/** How long a `disconnected` peer may take to recover before the call ends. */
const DISCONNECT_GRACE_MS = 10_000;

export interface WebRtcCallOptions {
  id: string;
  peer: LoopbackPeer;
  session: EngineSession;
  faults: readonly string[];
  log(line: string): void;
  /** End the call if the peer is not connected by then (default 30 s). */
  connectTimeoutMs?: number;
  /** Called once, synchronously, when the call starts ending (registry removal). */
  onEnded?(): void;
}

/** Numbers for the log and tests. */
export interface WebRtcCallStats {
  /** ms from the call's creation to peer `connected`, and to data channel open. */
  connectMs: number | null;
  channelOpenMs: number | null;
  messagesIn: number;
  messagesOut: number;
  rtpIn: number;
  rtpOut: number;
}

export class WebRtcCall {
  readonly id: string;
  readonly session: EngineSession;
  readonly stats: WebRtcCallStats = {
    connectMs: null,
    channelOpenMs: null,
    messagesIn: 0,
    messagesOut: 0,
    rtpIn: 0,
    rtpOut: 0,
  };
  readonly sink: RtpMediaSink;
  /** The codec the assistant's speech is sent in. */
  readonly codec: AudioCodec;
  readonly mic: MicInput;
  readonly #opts: WebRtcCallOptions;
  readonly #createdAt = performance.now();
  readonly #cleanups: (() => void)[] = [];
  #channel: RTCDataChannel | null = null;
  #pending: string[] = [];
  #started = false;
  #ended = false;
  #endedPromise: Promise<void> | null = null;
  #connectTimer: ReturnType<typeof setTimeout> | null;
  #disconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #sequence = Math.floor(Math.random() * 0xffff);
  #closeMidResponse: boolean;

  constructor(options: WebRtcCallOptions) {
    this.#opts = options;
    this.id = options.id;
    this.session = options.session;
    this.#closeMidResponse = hasFault(options.faults, 'close_datachannel');
    const { pc, audio } = options.peer;

    const byPayloadType = new Map<number, AudioCodec>();
    for (const c of audio.codecs) {
      const codec = codecForMime(c.mimeType);
      if (codec) byPayloadType.set(c.payloadType, codec);
    }
    this.codec = codecForMime(audio.sender.codec?.mimeType) ?? OPUS;
    this.mic = new MicInput(byPayloadType, (pcm) =>
      this.#guard('appendAudio', () => this.session.appendAudio(pcm)),
    );
    this.sink = new RtpMediaSink({
      codec: this.codec,
      send: (payload, timestamp, marker) => this.#sendRtp(payload, timestamp, marker),
      onStarted: (responseId) => this.#guard('mediaStarted', () => this.session.mediaStarted(responseId)),
      onDrained: (responseId) => this.#guard('mediaDrained', () => this.session.mediaDrained(responseId)),
    });
    this.session.attachMedia(this.sink);

    const listened = new Set<MediaStreamTrack>();
    const listen = (track: MediaStreamTrack) => {
      if (listened.has(track)) return;
      listened.add(track);
      const sub = track.onReceiveRtp.subscribe((packet) => {
        this.stats.rtpIn++;
        this.mic.push(packet.header.payloadType, packet.payload);
      });
      this.#cleanups.push(sub.unSubscribe);
    };
    for (const track of audio.receiver.tracks) listen(track);
    this.#cleanups.push(audio.onTrack.subscribe(listen).unSubscribe);

    const onChannel = pc.onDataChannel.subscribe((dc) => this.#adoptChannel(dc));
    this.#cleanups.push(onChannel.unSubscribe);

    const onState = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.stats.connectMs === null) {
        this.stats.connectMs = Math.round(performance.now() - this.#createdAt);
        if (this.#connectTimer) clearTimeout(this.#connectTimer);
        this.#connectTimer = null;
        this.#opts.log(`webrtc ${this.id}: connected in ${this.stats.connectMs} ms`);
      }
      if (state === 'disconnected' && !this.#disconnectTimer) {
        // ICE consent lost (e.g. the browser vanished without closing): allow a short recovery.
        this.#disconnectTimer = setTimeout(() => void this.hangup('peer disconnected'), DISCONNECT_GRACE_MS);
      }
      if (state === 'connected' && this.#disconnectTimer) {
        clearTimeout(this.#disconnectTimer);
        this.#disconnectTimer = null;
      }
      if (state === 'failed' || state === 'closed') void this.hangup(`peer ${state}`);
    });
    this.#cleanups.push(onState.unSubscribe);

    this.#cleanups.push(
      this.session.addListener((json) => {
        this.#sendEvent(json);
      }),
    );

    const onEnd = (this.session as { onEnd?: unknown }).onEnd;
    if (typeof onEnd === 'function') {
      const off: unknown = onEnd.call(this.session, (code: number, reason: string) => {
        void this.hangup(`session ended (${code} ${reason})`);
      });
      if (typeof off === 'function') this.#cleanups.push(off as () => void);
    }

    this.#connectTimer = setTimeout(
      () => void this.hangup('ICE did not connect in time'),
      options.connectTimeoutMs ?? 30_000,
    );
  }

  /** True once the call has ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /** End the call: close the session, the channel, the peer, the codecs and timers. Idempotent. */
  hangup(reason = 'hangup'): Promise<void> {
    if (this.#endedPromise) return this.#endedPromise;
    if (this.#ended) return Promise.resolve(); // re-entered from session.close()
    this.#ended = true;
    this.#opts.onEnded?.();
    this.#opts.log(
      `webrtc ${this.id}: ended (${reason}); rtp in ${this.stats.rtpIn}, out ${this.stats.rtpOut}; ` +
        `events in ${this.stats.messagesIn}, out ${this.stats.messagesOut}`,
    );
    if (this.#connectTimer) clearTimeout(this.#connectTimer);
    this.#connectTimer = null;
    if (this.#disconnectTimer) clearTimeout(this.#disconnectTimer);
    this.#disconnectTimer = null;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.sink.close();
    this.mic.close();
    this.#pending = [];
    try {
      this.session.close();
    } catch (err) {
      this.#opts.log(`webrtc ${this.id}: session.close() threw: ${String(err)}`);
    }
    this.#endedPromise = this.#opts.peer.pc
      .close()
      .catch((err: unknown) => this.#opts.log(`webrtc ${this.id}: closing the peer failed: ${String(err)}`));
    return this.#endedPromise;
  }

  /** Run an engine callback; an exception is logged, never allowed to stop the media loop. */
  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#opts.log(`webrtc ${this.id}: session.${what} threw: ${String(err)}`);
    }
  }

  #adoptChannel(dc: RTCDataChannel): void {
    if (this.#ended) return;
    const current = this.#channel;
    if (current && (current.label === 'oai-events' || dc.label !== 'oai-events')) {
      this.#opts.log(`webrtc ${this.id}: ignoring extra data channel '${dc.label}'`);
      return;
    }
    this.#channel = dc;
    const onMessage = dc.onMessage.subscribe((data) => {
      if (this.#channel !== dc || this.#ended) return;
      this.stats.messagesIn++;
      const text = typeof data === 'string' ? data : data.toString('utf8');
      try {
        this.session.receive(text);
      } catch (err) {
        this.#opts.log(`webrtc ${this.id}: session.receive threw: ${String(err)}`);
      }
    });
    const onState = dc.stateChanged.subscribe((state) => {
      if (this.#channel !== dc) return;
      if (state === 'open') this.#onChannelOpen(dc);
      if (state === 'closed') void this.hangup('data channel closed');
    });
    this.#cleanups.push(onMessage.unSubscribe, onState.unSubscribe);
    if (dc.readyState === 'open') this.#onChannelOpen(dc);
  }

  #onChannelOpen(dc: RTCDataChannel): void {
    if (this.#ended) return;
    if (this.stats.channelOpenMs === null) {
      this.stats.channelOpenMs = Math.round(performance.now() - this.#createdAt);
      this.#opts.log(`webrtc ${this.id}: data channel '${dc.label}' open in ${this.stats.channelOpenMs} ms`);
    }
    for (const json of this.#pending.splice(0)) this.#sendEvent(json);
    if (!this.#started) {
      this.#started = true;
      this.session.start();
    }
  }

  #sendEvent(json: string): void {
    if (this.#ended) return;
    const dc = this.#channel;
    if (dc?.readyState !== 'open') {
      // Sideband events before the channel opens: hold them (bounded) until it does.
      if (this.#pending.length < 1000) this.#pending.push(json);
      return;
    }
    try {
      dc.send(json);
      this.stats.messagesOut++;
    } catch (err) {
      this.#opts.log(`webrtc ${this.id}: data channel send failed: ${String(err)}`);
      return;
    }
    if (this.#closeMidResponse && isDelta(json)) {
      this.#closeMidResponse = false;
      this.#opts.log(`webrtc ${this.id}: fault close_datachannel`);
      dc.close();
    }
  }

  #sendRtp(payload: Buffer, timestamp: number, marker: boolean): void {
    if (this.#ended) return;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    const header = new RtpHeader({
      payloadType: this.#opts.peer.audio.sender.codec?.payloadType ?? 111,
      sequenceNumber: this.#sequence,
      timestamp,
      marker,
      ssrc: 0,
    });
    this.stats.rtpOut++;
    this.#opts.peer.audio.sender.sendRtp(new RtpPacket(header, payload)).catch(() => {});
  }
}

/** A `*.delta` server event (text, transcript, function-call arguments), i.e. mid-response. */
function isDelta(json: string): boolean {
  const m = /^\{\s*"type"\s*:\s*"([^"]+)"/.exec(json);
  if (m) return m[1]!.endsWith('.delta');
  try {
    const type = (JSON.parse(json) as { type?: unknown }).type;
    return typeof type === 'string' && type.endsWith('.delta');
  } catch {
    return false;
  }
}
