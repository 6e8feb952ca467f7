/**
 * The emulator's WebRTC half: `POST /v1/realtime/calls` over werift, the in-band `oai-events`
 * data channel, the caller's mic (Opus / G.711 RTP → PCM16 24 kHz → `session.appendAudio`) and
 * the assistant's speech (the engine's `MediaSink`: 20 ms frames paced in real time).
 *
 * Wiring (HTTP layer):
 * ```ts
 * const registry = new CallRegistry();                  // one per emulator
 * // POST /v1/realtime/calls, after the Authorization check, with the whole body:
 * await handleCallsRequest(ctx, req, res, body, { registry });
 * // POST /v1/realtime/calls/{id}/hangup:
 * (await registry.hangup(id)) ? 200 : 404;
 * // GET /v1/realtime?call_id=rtc_… (sideband): registry.get(id)?.session, else 404 call_id_not_found
 * // emulator.close():
 * await registry.hangupAll();
 * ```
 * Faults read from `ctx.faults`: `sdp_500`/`500`, `ice_never`/`ice_never_connects`,
 * `close_datachannel`/`close_mid_response`.
 * @module
 */
export { type HandleCallsOptions, handleCallsRequest, newCallId } from './calls-endpoint.js';
export { CallRegistry, calls, type RegisteredCall } from './call-registry.js';
export { WebRtcCall, type WebRtcCallStats } from './call.js';
export { type AudioCodec, OPUS, PCMA, PCMU } from './audio-codecs.js';
export { RtpMediaSink, type RtpMediaSinkOptions, type RtpMediaSinkStats } from './rtp-media-sink.js';
