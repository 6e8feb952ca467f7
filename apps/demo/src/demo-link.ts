/**
 * `DemoLink`: the transport, runner and first agent for the page's current settings, built before
 * the Connect click so `runner.prepare(agent)` can do the connection work ahead (key, handshake,
 * confirmed session config); the click's {@link DemoConnection} adopts it. Nothing here touches
 * the microphone or the speakers: the transport opens the microphone when the click adopts the
 * prepared connection, and WebSocket audio plays through the speaker made in the click.
 * @module
 */
import { type RealtimeAgent, RealtimeRunner, type Transport } from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';
import { websocketTransport } from '@realtime-agents/websocket';
import { createAgents } from './agents.js';
import type { BackendConfig } from './backend-config.js';
import type { Drill } from './drills.js';
import { fetchClientSecret } from './client-secret.js';
import { LateOutput } from './late-output.js';

/** The settings a link is built for; a change means a new link. */
export interface LinkSettings {
  backend: BackendConfig;
  transport: 'webrtc' | 'websocket';
  micDeviceId?: string;
  speakerDeviceId?: string;
  /** Push-to-talk: `turn_detection: null` (the click mutes the microphone until held). */
  pushToTalk: boolean;
  drill?: Drill;
  /** Where ephemeral keys come from. @default POST /session on the demo server */
  clientSecret?: () => Promise<string>;
  /** Connect timeout. @default 15000 */
  timeoutMs?: number;
  /** How long a prepared, unused connection stays open. @default 60000 (the runner's default) */
  idleTimeoutMs?: number;
}

/** Where the link's prepared connection stands (the transports' `preparation`). */
export type LinkPreparation = 'none' | 'preparing' | 'ready' | 'failed' | 'expired';

/** The demo's voice-activity turn detection. */
export const VAD = { type: 'server_vad', silenceDurationMs: 500 } as const;

/** What the demo uses of the transports beyond the `Transport` interface. */
export interface DeviceControls {
  /** WebRTC takes a device id; WebSocket also takes a MediaStream. */
  setInputDevice?(device: string | undefined): Promise<void>;
  setOutputDevice?(deviceId: string): Promise<void>;
  /** WebRTC: the track being sent. */
  readonly inputTrack?: MediaStreamTrack | null;
  /** WebSocket: the microphone it captures. */
  readonly microphone?: { readonly track: MediaStreamTrack } | null;
  /** Where `prepare()` stands. */
  readonly preparation?: LinkPreparation;
}

/**
 * One transport + runner + agent, ready to be prepared and then adopted by the click.
 * @example
 * const link = new DemoLink({ backend, transport: 'websocket', pushToTalk: false });
 * void link.prepare();                                   // page ready
 * button.onclick = () => DemoConnection.open({ ...settings, link, onEvent, onMicLevel });
 */
export class DemoLink {
  readonly settings: LinkSettings;
  readonly transport: Transport & DeviceControls;
  readonly runner: RealtimeRunner;
  readonly agent: RealtimeAgent;
  /** WebSocket: plays through the speaker the click creates; null for WebRTC. */
  readonly output: LateOutput | null;

  constructor(settings: LinkSettings) {
    this.settings = settings;
    const o = settings;
    const drill = o.drill && o.drill !== 'none' ? o.drill : undefined;
    const clientSecret = o.clientSecret ?? (() => fetchClientSecret('/session'));
    let baseUrl = o.backend.baseUrl;
    if (drill === 'unreachable') baseUrl = 'http://127.0.0.1:9/v1';
    const fault = drill && drill !== 'unreachable' && drill !== 'rollover' ? drill : undefined;
    // A drill hits the first link only: reconnects reuse the URL and headers, and the once key
    // tells the emulator they are the same open.
    const once = crypto.randomUUID();
    // Browsers cannot set WebSocket headers: the emulator also reads faults from the URL.
    if (fault && o.transport === 'websocket') {
      const ws = new URL(`${baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/realtime`);
      ws.searchParams.set('emulator_fault', fault);
      ws.searchParams.set('emulator_fault_once', once);
      baseUrl = ws.toString();
    }
    const common = {
      clientSecret,
      // Shorter than the page's own timeout, so the transport's specific error is what shows.
      connectTimeoutMs: Math.round((o.timeoutMs ?? 15_000) * 0.75),
      ...(o.micDeviceId && { inputDeviceId: o.micDeviceId }),
    };
    this.output = o.transport === 'websocket' ? new LateOutput() : null;
    this.transport = this.output
      ? websocketTransport({ ...common, playback: this.output })
      : webrtcTransport({ ...common, ...(o.speakerDeviceId && { outputDeviceId: o.speakerDeviceId }) });
    this.runner = new RealtimeRunner({
      model: o.backend.model,
      voice: 'marin',
      turnDetection: o.pushToTalk ? null : VAD,
      inputAudioTranscription: { model: 'gpt-4o-transcribe' },
      baseUrl,
      ...(fault && { extraHeaders: { 'x-emulator-fault': fault, 'x-emulator-fault-once': once } }),
      transport: this.transport,
      // the rollover drill renews the session every 8 s instead of before the API's 60-minute limit
      ...(drill === 'rollover' && { rollover: { afterMs: 8000 } }),
    });
    this.agent = createAgents({ mcp: o.backend.mcp }).greeter;
  }

  /**
   * Connect ahead of the click (`runner.prepare`). Never rejects: a failure is reported by the
   * click's connect, and an expired preparation just means the click connects normally.
   */
  prepare(): Promise<void> {
    return this.runner
      .prepare(this.agent, { idleTimeoutMs: this.settings.idleTimeoutMs })
      .catch(() => undefined);
  }

  /** Where the prepared connection stands. */
  get preparation(): LinkPreparation {
    return this.transport.preparation ?? 'none';
  }

  /** Release the prepared connection (settings changed, page leaves). */
  close(): void {
    this.transport.close();
  }
}
