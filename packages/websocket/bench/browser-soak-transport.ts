/**
 * For the Chromium soak (packages/webrtc/bench/soak.bench.ts): puts `websocketTransport` and the soak
 * cycle on `window`, so the soak page drives the WebSocket transport in the browser (microphone and
 * AudioWorklet player on) and runs the very cycle the Node soak runs.
 * @module
 */
import { websocketTransport } from '../src/index.js';
import { soakCycle } from './soak-cycle.js';

Object.assign(window, { soakWebSocketTransport: websocketTransport, soakCycle });
