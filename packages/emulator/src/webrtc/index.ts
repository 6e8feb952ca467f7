/**
 * The emulator's WebRTC half: `POST /v1/realtime/calls` over werift, the `oai-events` data channel,
 * Opus in (→ engine audio) and real-time paced Opus out (the engine's `MediaSink`).
 * @module
 */
export { type HandleCallsOptions, handleCallsRequest, newCallId } from './calls-endpoint.js';
export { CallRegistry, calls, type RegisteredCall } from './call-registry.js';
export { WebRtcCall, type WebRtcCallStats } from './call.js';
export { RtpMediaSink, type RtpMediaSinkOptions, type RtpMediaSinkStats } from './rtp-media-sink.js';
