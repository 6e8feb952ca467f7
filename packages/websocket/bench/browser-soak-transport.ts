/**
 * For the Chromium soak (packages/webrtc/bench/soak.bench.ts): puts `websocketTransport` on `window`,
 * so the same soak page drives the WebSocket transport in the browser (microphone and AudioWorklet player on).
 * @module
 */
import { websocketTransport } from '../src/index.js';

(window as unknown as { soakWebSocketTransport: typeof websocketTransport }).soakWebSocketTransport =
  websocketTransport;
