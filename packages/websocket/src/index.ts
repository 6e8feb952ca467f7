/**
 * `@realtime-agents/websocket`: the Realtime API over a WebSocket, in browsers (subprotocol auth with
 * an ephemeral key, AudioWorklet microphone and player, exact truncation) and in Node (header auth,
 * `audio` events out, `sendAudio` in).
 *
 * This file is the package's complete public surface; everything else is internal.
 * @example
 * import { RealtimeRunner } from '@realtime-agents/core';
 * import { websocketTransport } from '@realtime-agents/websocket';
 * const runner = new RealtimeRunner({ transport: websocketTransport({ clientSecret: fetchKey }) });
 * @module
 */

/**
 * The transport and its factory.
 * @example const transport = websocketTransport({ apiKey: process.env.OPENAI_API_KEY });
 */
export { WebSocketTransport, websocketTransport } from './transport.js';
/**
 * Where `transport.prepare()`'s socket stands (`transport.preparation`).
 * @example if (transport.preparation === 'expired') void runner.prepare(agent);
 */
export type { PreparationState } from './preparation.js';
/**
 * Options of `websocketTransport()`.
 * @example const options: WebSocketTransportOptions = { baseUrl: 'http://127.0.0.1:8787/v1', audio: false };
 */
export type { WebSocketTransportOptions } from './options.js';
/**
 * A key or a function that fetches one (e.g. an ephemeral key from your server).
 * @example const clientSecret: KeySource = () => fetch('/session').then((r) => r.json()).then((j) => j.value);
 */
export type { KeySource } from '@realtime-agents/core/transport-kit';
/**
 * Playback tracking: plug your own output, simulate a real-time speaker, or count received audio as played.
 * @example websocketTransport({ playback: clockPlayback() });
 */
export { type AudioOutput, type AudioOutputListener, receivedAsPlayed } from './audio-output.js';
/**
 * A simulated real-time speaker for runtimes without one.
 * @example websocketTransport({ playback: clockPlayback() });
 */
export { type ClockPlaybackOptions, clockPlayback } from './clock-playback.js';
/**
 * Wrap an audio-package `Player` you created yourself as the transport's output.
 * @example websocketTransport({ playback: playerOutput(await createPlayer({ sampleRate: 24000 })) });
 */
export { playerOutput } from './player-output.js';
/**
 * The handshake refusal error (HTTP status and server message) and the WebSocket constructor type.
 * @example if (e instanceof HandshakeError && e.status === 401) renewKey();
 */
export { type CreateWebSocket, HandshakeError, type WebSocketConstructor } from './socket.js';
/**
 * Build the WebSocket URL from a base URL (OpenAI, emulator, Azure GA or preview forms).
 * @example realtimeUrl('https://api.openai.com/v1', { model: 'gpt-realtime' }); // wss://api.openai.com/v1/realtime?model=gpt-realtime
 */
export { DEFAULT_BASE_URL, type RealtimeUrlTarget, realtimeUrl } from './url.js';
/**
 * Wire audio helpers: encode/decode per session format, split oversized appends.
 * @example decodeWireAudio(event.delta, { type: 'audio/pcmu' });
 */
export { decodeWireAudio, encodeWireAudio, MAX_APPEND_BYTES, splitBase64 } from './wire-audio.js';
/**
 * Attach to a SIP/WebRTC call by `call_id` (server side; the call's media carries the audio).
 * @example const transport = sipTransport({ callId: 'rtc_…' });
 */
export { OpenAIRealtimeSIPModel, type SipTransportOptions, sipTransport } from './sip.js';
