/**
 * Options of `websocketTransport()`.
 * @module
 */
import type { KeySource } from '@realtime-agents/core/transport-kit';
import type { AudioOutput } from './audio-output.js';
import type { CreateWebSocket, WebSocketConstructor } from './socket.js';

/**
 * Options of {@link websocketTransport}. `apiKey`, `baseUrl` and `extraHeaders` fall back to the
 * runner's options (`new RealtimeRunner({ apiKey, baseUrl, extraHeaders })`).
 * @example
 * // browser: ephemeral key from your server, mic and speaker on
 * websocketTransport({ clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value) });
 * // Node: key from OPENAI_API_KEY, `audio` events out, `session.sendAudio()` in
 * websocketTransport();
 * // Azure: full URL + api-key header
 * websocketTransport({ baseUrl: 'wss://res.openai.azure.com/openai/v1/realtime?model=my-deployment', extraHeaders: { 'api-key': key } });
 */
export interface WebSocketTransportOptions {
  /** Ephemeral `ek_` key, or a function returning one (called on every connect). Browser auth. */
  clientSecret?: KeySource;
  /** API key. Default: the runner's `apiKey`, then `process.env.OPENAI_API_KEY` (Node only). */
  apiKey?: KeySource;
  /** Allow a standard `sk-` key in a browser (anyone can read it there). @default false */
  dangerouslyAllowBrowser?: boolean;
  /**
   * `http(s)://…/v1` (the WebSocket URL is derived) or a full `ws(s)://…/realtime…` URL.
   * @default the runner's baseUrl, then 'https://api.openai.com/v1'
   */
  baseUrl?: string;
  /** Extra handshake headers (Node), e.g. Azure's `{ 'api-key': … }`. Merged over the runner's. */
  extraHeaders?: Record<string, string>;
  /** A WebSocket constructor (e.g. `ws`'s). Default: `ws` in Node if installed, else the global one. */
  WebSocket?: WebSocketConstructor;
  /**
   * Open the socket yourself (a proxy agent, custom TLS, a wrapped socket); wins over `WebSocket`.
   * Outside browsers `headers` holds the credentials; in browsers they are in `protocols`.
   * @example
   * createWebSocket: (url, protocols, { headers }) => new WS(url, protocols, { headers, agent })
   */
  createWebSocket?: CreateWebSocket;
  /** Microphone and speaker through the audio package. @default true in browsers, false elsewhere */
  audio?: boolean;
  /** Capture this stream instead of opening the microphone (its tracks are never stopped by us). */
  mediaStream?: MediaStream;
  /** Extra getUserMedia constraints (echo cancellation, noise suppression and AGC are on by default). */
  audioConstraints?: MediaTrackConstraints;
  /** Microphone to open. @default the system default */
  inputDeviceId?: string;
  /** Speaker to play through (where `AudioContext.setSinkId` exists). */
  outputDeviceId?: string;
  /**
   * Where assistant audio goes and how much was heard: your own {@link AudioOutput}. Default: the
   * AudioWorklet player in browsers (exact), {@link receivedAsPlayed} elsewhere.
   */
  playback?: AudioOutput;
  /** Jitter buffer of the browser player in ms. @default 20 */
  jitterMs?: number;
  /** Give up connecting after this long. @default the runner's timeoutMs, then 15000 */
  connectTimeoutMs?: number;
  /** Largest event sent in one frame; bigger appends are split, other events refused. @default 15 MiB */
  maxEventBytes?: number;
}
