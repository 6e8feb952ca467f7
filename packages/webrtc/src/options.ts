/**
 * Options of `webrtcTransport(options)`, validated when the transport is created.
 * @module
 */
import { ConfigError } from '@realtime-agents/core';
import type { KeySource } from '@realtime-agents/core/transport-kit';
import { checkLiteralKey } from './credentials.js';

/** Options of {@link webrtcTransport}. Every field is optional except a key from somewhere. */
export interface WebRtcTransportOptions {
  /**
   * The ephemeral client secret (`ek_…`), or a function that fetches a fresh one from your server
   * for every connect (recommended: secrets expire).
   * @example clientSecret: () => fetch('/session').then((r) => r.json()).then((j) => j.value)
   */
  clientSecret?: KeySource;
  /** A standard key. Refused in browsers unless `dangerouslyAllowBrowser` (falls back to the runner's `apiKey`). */
  apiKey?: string;
  /** Allow a standard (non-`ek_`) key in a browser. Only for local experiments. @default false */
  dangerouslyAllowBrowser?: boolean;
  /** Model (Azure: deployment) put in the initial `session.update`; defaults to the runner's `model`. */
  model?: string;
  /** API base, e.g. `https://api.openai.com/v1` or Azure's `https://res.openai.azure.com/openai/v1`; defaults to the runner's `baseUrl`. */
  baseUrl?: string;
  /** Extra headers on the SDP request (merged over the runner's `extraHeaders`). */
  extraHeaders?: Record<string, string>;
  /** Send this stream's audio track instead of opening the microphone; it is never stopped by the transport. */
  mediaStream?: MediaStream;
  /**
   * getUserMedia audio constraints, merged over the defaults (echo cancellation, noise suppression
   * and auto gain on, mono). @example audioConstraints: { noiseSuppression: false }
   */
  audioConstraints?: MediaTrackConstraints;
  /** Microphone to open (a `deviceId` from `listAudioDevices()`); the default device otherwise. */
  inputDeviceId?: string;
  /** Speaker for the assistant's audio (where `setSinkId` exists). */
  outputDeviceId?: string;
  /** ICE servers for the peer connection (OpenAI needs none). @default [] */
  iceServers?: RTCIceServer[];
  /** Play the assistant through this element; by default one is created (not attached to the DOM). */
  audioElement?: HTMLAudioElement;
  /** Give up connecting after this many ms (then the runner's `timeoutMs`, then 15000). */
  connectTimeoutMs?: number;
  /** How long ICE may stay `disconnected` before the call counts as lost. @default 5000 */
  disconnectGraceMs?: number;
  /**
   * Adjust each new peer connection before the offer is made (add a data channel or a transceiver,
   * listen to its events). Runs on every connect, reconnects included; if it throws, that connect
   * fails with `change_peer_connection_failed`.
   * @example changePeerConnection: (pc) => void pc.createDataChannel('app-metrics')
   */
  changePeerConnection?: (pc: RTCPeerConnection) => void | Promise<void>;
}

const KNOWN = [
  'clientSecret',
  'apiKey',
  'dangerouslyAllowBrowser',
  'model',
  'baseUrl',
  'extraHeaders',
  'mediaStream',
  'audioConstraints',
  'inputDeviceId',
  'outputDeviceId',
  'iceServers',
  'audioElement',
  'connectTimeoutMs',
  'disconnectGraceMs',
  'changePeerConnection',
];

function fail(option: string, text: string): never {
  throw new ConfigError(option, `Invalid webrtcTransport option ${option}: ${text}`);
}

/**
 * Validate options (unknown names, wrong types, a standard key in a browser). Throws `ConfigError`.
 * @example
 * validateOptions({ clientSecret: 'sk-…' }) // throws: refuses a standard API key in the browser …
 */
export function validateOptions(options: WebRtcTransportOptions): WebRtcTransportOptions {
  if (typeof options !== 'object' || options === null)
    fail('options', `expected an object, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) fail(key, `unknown option; known options are ${KNOWN.join(', ')}`);
  }
  const allow = options.dangerouslyAllowBrowser === true;
  const cs = options.clientSecret;
  if (cs !== undefined && typeof cs !== 'function') checkLiteralKey('clientSecret', cs, allow);
  if (options.apiKey !== undefined) checkLiteralKey('apiKey', options.apiKey, allow);
  for (const name of ['connectTimeoutMs', 'disconnectGraceMs'] as const) {
    const v = options[name];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v)))
      fail(name, `expected a positive number of milliseconds, got ${String(v)}`);
  }
  if (options.mediaStream !== undefined && typeof options.mediaStream?.getAudioTracks !== 'function')
    fail('mediaStream', 'expected a MediaStream with an audio track');
  if (options.changePeerConnection !== undefined && typeof options.changePeerConnection !== 'function')
    fail(
      'changePeerConnection',
      `expected a function (pc) => void, got ${typeof options.changePeerConnection}`,
    );
  if (options.iceServers !== undefined && !Array.isArray(options.iceServers))
    fail('iceServers', 'expected an array of RTCIceServer');
  for (const name of ['model', 'baseUrl', 'inputDeviceId', 'outputDeviceId'] as const) {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'string' || v === ''))
      fail(name, `expected a non-empty string, got ${String(v)}`);
  }
  return options;
}
