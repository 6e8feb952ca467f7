/**
 * The seam between the emulator's model engine (one emulated Realtime session) and the media
 * side that carries it (WebSocket deltas, or a WebRTC/SIP call with a real-time audio track).
 * Both halves code against these types; change them only together.
 * @module
 */
import type { SessionConfig } from '@realtime-agents/core';

/** How the session's audio travels. */
export type SessionKind = 'websocket' | 'webrtc' | 'sip';

/**
 * Real-time output audio for WebRTC/SIP calls. The engine hands it the assistant's speech as
 * PCM16 mono 24 kHz; the sink paces it out in 20 ms frames and reports back through
 * `EngineSession.mediaStarted/mediaDrained`.
 */
export interface MediaSink {
  /** Queue speech for one assistant item of a response. */
  enqueue(responseId: string, itemId: string, pcm24k: Int16Array): void;
  /** No more audio will be enqueued for this response (drained fires once the queue empties). */
  finish(responseId: string): void;
  /**
   * Stop now and drop everything queued. Returns what was really sent of the item being played
   * (milliseconds of that item's audio), or null if nothing was playing or queued.
   */
  clear(): { responseId: string; itemId: string; playedMs: number } | null;
  /** True while audio is playing or queued. */
  readonly busy: boolean;
}

/** One emulated Realtime session (a WebSocket connection or a WebRTC/SIP call). */
export interface EngineSession {
  readonly id: string;
  readonly kind: SessionKind;
  /** Feed one client event exactly as received on the wire (malformed JSON included). */
  receive(raw: string): void;
  /** Feed user audio (PCM16 mono 24 kHz, already decoded from RTP/G.711) into the input buffer + VAD. */
  appendAudio(pcm24k: Int16Array): void;
  /** Add a listener for outgoing server events (JSON strings); returns a remover. Sideband sockets add one too. */
  addListener(send: (json: string) => void): () => void;
  /** Attach the real-time media sink (WebRTC/SIP). Without one, audio goes out as `response.output_audio.delta`. */
  attachMedia(sink: MediaSink): void;
  /** The sink started playing a response's first audio frame → `output_audio_buffer.started`. */
  mediaStarted(responseId: string): void;
  /** The sink played a finished response's last frame → `output_audio_buffer.stopped`. */
  mediaDrained(responseId: string): void;
  /** Send `session.created` (called when the data channel or socket opens). */
  start(): void;
  /** End the session: cancel timers, stop responses. Idempotent. */
  close(): void;
}

/** Options to create an engine session. */
export interface CreateSessionOptions {
  kind: SessionKind;
  /** Session defaults: from the ephemeral key, the multipart `session` part, or the SIP accept body. */
  config?: SessionConfig;
  /** Model from `?model=` (WebSocket) or the config. */
  model?: string;
  /** Call id for WebRTC/SIP (`rtc_…`), so sideband sockets can attach with `?call_id=`. */
  callId?: string;
  /** Per-connection fault names (from `?emulator_fault=` / `x-emulator-fault`). */
  faults?: string[];
}

/**
 * What the HTTP server gives the WebRTC endpoint (`src/webrtc/`): auth and session creation.
 * The HTTP layer has already checked the `Authorization` header before calling it.
 */
export interface CallsContext {
  createSession(options: CreateSessionOptions): EngineSession;
  /** Fault names active for this request (programmatic + header/query). */
  faults: string[];
  /** Write a line to the emulator's log output. */
  log(line: string): void;
}
