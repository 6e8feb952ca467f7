/**
 * The contract between the session (core) and a transport (WebRTC, WebSocket, scripted).
 * A transport moves client and server events, delivers PCM16 audio, and knows how much of the
 * assistant's audio the listener really heard. The session owns all conversation semantics.
 * @module
 */
import type { ClientEvent } from './protocol/client-events.js';
import type { SessionConfig } from './protocol/session-config.js';

/** Connection states a transport reports. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'closed';

/** A chunk of assistant audio as PCM16 mono samples, with the item it belongs to. */
export interface AudioChunk {
  /** PCM16 samples (24 kHz for `audio/pcm`, 8 kHz decoded from G.711). */
  data: Int16Array;
  sampleRate: number;
  itemId: string;
  contentIndex: number;
  responseId: string;
}

/** Where playback of the assistant's audio stands. */
export interface PlaybackPosition {
  itemId: string;
  contentIndex: number;
  /** Milliseconds of this item's audio really rendered by the speaker (or sent on the wire for servers). */
  playedMs: number;
  /** Milliseconds received but not yet played. */
  queuedMs: number;
}

/** Everything the session needs to open a connection. */
export interface TransportConnectOptions {
  /** The GA session config (first `session.update`). */
  session: SessionConfig;
  model: string;
  apiKey?: string;
  baseUrl?: string;
  extraHeaders?: Record<string, string>;
  /** Give up connecting after this many ms. @default 15000 */
  timeoutMs?: number;
}

/**
 * What `Transport.prepare` gets: the connect options, with the session config when an agent was
 * given (so it can be confirmed before the click), and how long a prepared, unused call may wait.
 * @example
 * await transport.prepare?.({ session, model: 'gpt-realtime', idleTimeoutMs: 60_000 });
 */
export interface TransportPrepareOptions extends Omit<TransportConnectOptions, 'session'> {
  /** The session config the next `connect` will most likely ask for; none = sent at connect. */
  session?: SessionConfig;
  /** Close the prepared connection when no `connect` used it within this many ms. */
  idleTimeoutMs?: number;
}

/** Callbacks a transport calls; the session supplies them to `connect`. */
export interface TransportHandlers {
  /** One server event as received (string or decoded JSON); the session parses it. */
  message(raw: string | object): void;
  /** Assistant audio decoded to PCM16 (WebSocket deltas, WebRTC remote-track tap). */
  audio(chunk: AudioChunk): void;
  /** The listener really started hearing an item's audio (first rendered sample). */
  playbackStarted?(itemId: string, atMs: number): void;
  /** Playback of everything queued has finished. */
  playbackDrained?(itemId: string): void;
  /** Connection state changed; `error` says why when it is a failure. */
  state(state: ConnectionState, error?: Error): void;
  /**
   * A problem that does not change the connection (a microphone that failed mid-call, an event
   * that could not be sent from a queue): the session reports it as an `error` event.
   */
  warning?(error: Error): void;
}

/**
 * A transport. Implemented by `@realtime-agents/webrtc`, `@realtime-agents/websocket` and
 * `ScriptedTransport` (from `@realtime-agents/core/testing`).
 * @example
 * const runner = new RealtimeRunner({ transport: websocketTransport({ apiKey }) });
 */
export interface Transport {
  /** Short name for logs: `webrtc`, `websocket`, `scripted`. */
  readonly name: string;
  /**
   * True when the server plays the audio and truncates on barge-in itself (WebRTC, SIP): the session
   * then interrupts with `response.cancel` + `output_audio_buffer.clear` and never sends a truncate.
   */
  readonly serverManagedAudio: boolean;
  /** Open the connection and send `options.session`; resolves once the server confirmed it. */
  connect(options: TransportConnectOptions, handlers: TransportHandlers): Promise<void>;
  /**
   * Optional: do the slow part of the next `connect` ahead of time (keys, handshakes), leaving the
   * session idle until `connect` adopts it. Idempotent while a preparation is pending or ready;
   * a failure rejects here and is reported again by the next `connect`. `close()` releases it.
   * @example
   * void transport.prepare?.({ session, model: 'gpt-realtime' }); // on page load; connect on click
   */
  prepare?(options: TransportPrepareOptions): Promise<void>;
  /** Send one client event. Throws `TransportError` (`code: 'closed'`) when not connected. */
  send(event: ClientEvent): void;
  /** Send user audio as PCM16 mono at the session's input rate (24 kHz for `audio/pcm`). */
  sendAudio(pcm16: Int16Array): void;
  /** Current playback position of the assistant item being heard, or null when nothing plays. */
  playback(): PlaybackPosition | null;
  /** Stop local playback at once (flush) and return the position reached, or null if nothing played. */
  stopPlayback(): PlaybackPosition | null;
  /** Mute or unmute the user's microphone without disconnecting. */
  mute(muted: boolean): void;
  /**
   * True while the transport records the microphone itself (a WebRTC track, the WebSocket
   * transport's capture in a browser): that audio does not pass through `sendAudio`, so the session
   * cannot hold it while reconnecting and says so with a `microphone_gap` warning.
   */
  readonly capturesMicrophone?: boolean;
  /** Close the connection and release what the transport opened. Idempotent. */
  close(): void;
}
