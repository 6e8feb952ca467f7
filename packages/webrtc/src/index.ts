/**
 * `@realtime-agents/webrtc`: the browser WebRTC transport for Realtime Agents.
 * This file is the package's complete public surface.
 * @example
 * import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
 * import { webrtcTransport } from '@realtime-agents/webrtc';
 * const runner = new RealtimeRunner({ transport: webrtcTransport({ clientSecret: fetchSecret }) });
 * await using session = await runner.session(new RealtimeAgent({ name: 'Greeter', instructions: 'Be brief.' }));
 * @module
 */

/**
 * The transport factory and class (`setInputDevice`, `setOutputDevice`, `callId`, `peerConnection`, …).
 * @example const transport = webrtcTransport({ clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value) });
 */
export { WebRtcTransport, webrtcTransport } from './webrtc-transport.js';
/**
 * Where `transport.prepare()` (usually through `runner.prepare(agent)`) stands.
 * @example if (transport.preparation === 'expired') void runner.prepare(agent);
 */
export type { PreparationState } from './preparation.js';
/**
 * Options of `webrtcTransport()`.
 * @example const options: WebRtcTransportOptions = { clientSecret: 'ek_…', audioConstraints: { noiseSuppression: false } };
 */
export type { WebRtcTransportOptions } from './options.js';
/**
 * A key or a function returning one.
 * @example const key: KeySource = () => fetch('/session').then((r) => r.json()).then((j) => j.value);
 */
export type { KeySource } from '@realtime-agents/core/transport-kit';
/**
 * The SDP endpoint derived from a base URL (OpenAI, Azure, ws(s) forms).
 * @example callsUrl('https://res.openai.azure.com/openai/v1') // 'https://res.openai.azure.com/openai/v1/realtime/calls'
 */
export { callsUrl, DEFAULT_BASE_URL } from './endpoint.js';
/**
 * The error of a failed SDP request: `status` (HTTP, 0 for network) and the server's message.
 * @example session.on('error', ({ error }) => { if (error instanceof SdpExchangeError && error.status === 401) refreshKey(); });
 */
export { SdpExchangeError } from './sdp-exchange.js';
