/**
 * `startEmulator()`: the local, offline Realtime API — HTTP + WebSocket on 127.0.0.1, engine
 * sessions, the WebRTC endpoint from `src/webrtc/`, SIP calls, faults and the event log.
 * @module
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SessionConfig } from '@realtime-agents/core';
import type { Brain } from './brain/brain.js';
import { createDefaultBrain } from './brain/default-brain.js';
import {
  createScriptBrain,
  loadScript,
  parseScript,
  type Script,
  type ScriptTurn,
} from './brain/script-brain.js';
import type { CallsContext, CreateSessionOptions } from './engine/contracts.js';
import { EngineSessionImpl } from './engine/session.js';
import { VirtualMediaSink } from './engine/virtual-sink.js';
import type { Transcriber } from './engine/transcriber.js';
import { parseFaultList } from './faults.js';
import { FaultOnceKeys } from './fault-once.js';
import { KeyStore } from './server/auth.js';
import { CallTable, type WebRtcRegistry } from './server/call-table.js';
import { EventLog } from './server/event-log.js';
import { type CallsHandler, createRouter } from './server/router.js';
import { selfSignedCertificate, type TlsMaterial } from './server/tls.js';
import { createUpgradeHandler } from './server/websocket.js';
import { createSynthesizer, type SpeechSynthesizer, type SynthesizerOptions } from './speech/synthesizer.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Loopback address to bind (127.0.0.1, ::1 or localhost only). @default '127.0.0.1' */
  host?: string;
  /** Accept only this standard key (+ the ek_ keys minted with it). Default: any `sk-…` key. */
  apiKey?: string;
  /** Script mode: turns, or a path to a JSON script file. */
  script?: Script | ScriptTurn[] | string;
  /** A custom brain (overrides `script`). Default: the deterministic default brain. */
  brain?: Brain;
  /** Faults for every connection (see `faults.ts`). */
  faults?: string[];
  /** Where `POST /emulator/sip/incoming` sends `realtime.call.incoming`. */
  webhookUrl?: string;
  /** Standard Webhooks secret (`whsec_…`) to sign webhooks. */
  webhookSecret?: string;
  /** Speech-to-text for user audio; default: `[speech 1.4 s]` placeholders. */
  transcriber?: Transcriber;
  /** Serve HTTPS/WSS: `true` for a runtime self-signed certificate, or your own PEMs. */
  tls?: boolean | TlsMaterial;
  /** Speech synthesis (espeak-ng when installed, else the built-in formant synthesizer). */
  synthesizer?: SpeechSynthesizer | SynthesizerOptions;
  /** Session length limit. @default 3_600_000 (60 min) */
  sessionMaxMs?: number;
  /** Pause between streamed response chunks (raise it to make responses interruptible). @default 10 */
  streamIntervalMs?: number;
  /** One line per session / call, for humans (the CLI prints them). */
  onLog?: (line: string) => void;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT/v1` (`https` with TLS). */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:PORT/v1/realtime` (`wss` with TLS). */
  readonly wsUrl: string;
  readonly port: number;
  /** Live sessions by id (`sess_…`). */
  readonly sessions: ReadonlyMap<string, EngineSessionImpl>;
  /** PEM certificate when serving TLS (trust it in clients). */
  readonly certificate?: string;
  /** Close every socket, peer, call and timer. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function isSynth(s: EmulatorOptions['synthesizer']): s is SpeechSynthesizer {
  return !!s && typeof (s as SpeechSynthesizer).synthesize === 'function';
}

/**
 * Start the emulator.
 * @example
 * const emu = await startEmulator();
 * const ws = new WebSocket(`${emu.wsUrl}?model=gpt-realtime`, { headers: { Authorization: 'Bearer sk-test' } });
 * // …
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host))
    throw new Error(`The emulator binds loopback only; host '${host}' is not 127.0.0.1, ::1 or localhost.`);
  const script =
    typeof options.script === 'string'
      ? loadScript(options.script)
      : options.script
        ? parseScript(options.script)
        : undefined;
  const brainFor = (): Brain => options.brain ?? (script ? createScriptBrain(script) : createDefaultBrain());
  const synth = isSynth(options.synthesizer)
    ? options.synthesizer
    : createSynthesizer(options.synthesizer ?? {});
  const keys = new KeyStore(options.apiKey);
  const eventLog = new EventLog();
  const sessions = new Map<string, EngineSessionImpl>();
  const calls = new CallTable();
  const print = (line: string) => options.onLog?.(line);

  const createSession = (o: CreateSessionOptions): EngineSessionImpl => {
    const session: EngineSessionImpl = new EngineSessionImpl({
      ...o,
      brain: brainFor(),
      synth,
      transcriber: options.transcriber,
      maxDurationMs: options.sessionMaxMs,
      streamIntervalMs: options.streamIntervalMs,
      log: (direction, json) => eventLog.record(session.id, direction, json),
    });
    sessions.set(session.id, session);
    const close = session.close.bind(session);
    session.close = () => {
      close();
      sessions.delete(session.id);
    };
    return session;
  };

  let webrtc: Promise<{ handler: CallsHandler; registry: WebRtcRegistry } | null> | undefined;
  const loadWebRtc = () => {
    webrtc ??= (async () => {
      try {
        const specifier = './webrtc/index.js';
        const mod = await import(/* @vite-ignore */ specifier);
        const registry = new mod.CallRegistry() as WebRtcRegistry;
        calls.webrtc = registry;
        const handler: CallsHandler = (ctx, req, res, body) =>
          mod.handleCallsRequest(ctx, req, res, body, { registry });
        return { handler, registry };
      } catch (error) {
        print(`webrtc unavailable: ${(error as Error).message}`);
        return null;
      }
    })();
    return webrtc;
  };

  const onceKeys = new FaultOnceKeys();
  const afterKeys = new FaultOnceKeys();
  const faultsFor = (req: IncomingMessage, url: URL): string[] => {
    const header = req.headers['x-emulator-fault'];
    const key = (name: string) =>
      url.searchParams.get(`emulator_fault_${name}`) ?? [req.headers[`x-emulator-fault-${name}`]].flat()[0];
    const once = key('once');
    if (once && !onceKeys.claim(once)) return parseFaultList(options.faults);
    const after = key('after');
    if (after && afterKeys.claim(after)) return parseFaultList(options.faults);
    return parseFaultList(options.faults, url.searchParams.getAll('emulator_fault'), header);
  };

  const callsContext = (faults: string[]): CallsContext => {
    // The WebRTC half names some faults differently; pass both spellings.
    const mapped = faults.flatMap((f) =>
      f === 'ice_never_connects'
        ? [f, 'ice_never']
        : f === '500'
          ? [f, 'sdp_500']
          : f === 'close_mid_response'
            ? ['close_datachannel']
            : [f],
    );
    return {
      faults: mapped,
      log: print,
      createSession: (o) => {
        const s = createSession(o);
        print(`session ${s.id} ${o.kind}${o.callId ? ` call=${o.callId}` : ''}`);
        return s;
      },
    };
  };

  const routerHost = {
    keys,
    sessions,
    eventLog,
    calls,
    webhookUrl: options.webhookUrl,
    webhookSecret: options.webhookSecret,
    speak: (text: string) => synth.synthesize(text, 'alloy', 1),
    print,
    faultsFor,
    callsContext,
    callsHandler: async () => (await loadWebRtc())?.handler ?? null,
    createSipSession: (callId: string, config: SessionConfig) => {
      const s = createSession({ kind: 'sip', callId, config, model: config.model });
      // No SIP media stack here: a real-time virtual sink plays the assistant's audio "into the line".
      const sink = new VirtualMediaSink({
        started: (id) => s.mediaStarted(id),
        drained: (id) => s.mediaDrained(id),
        played: (pcm) => calls.callers.get(callId)?.heard(pcm),
      });
      s.attachMedia(sink);
      s.onEnd((_code, reason) => {
        sink.close();
        calls.callers.get(callId)?.stop(reason);
      });
      const close = s.close.bind(s);
      s.close = () => {
        sink.close();
        close();
      };
      s.start();
      return s;
    },
  };

  const tls = options.tls === true ? selfSignedCertificate() : options.tls || undefined;
  const router = createRouter(routerHost);
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, router)
    : createHttpServer(router);
  const upgrades = createUpgradeHandler({
    keys,
    faultsFor,
    print,
    callSession: (id) => calls.session(id),
    callAttached: (id) => calls.attached(id),
    createWebSocketSession: ({ model, config, faults }) =>
      createSession({ kind: 'websocket', model, config, faults }),
  });
  server.on('upgrade', upgrades.handle);
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  void loadWebRtc();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const scheme = tls ? 'https' : 'http';
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `${scheme}://${hostPart}:${port}/v1`,
    wsUrl: `${tls ? 'wss' : 'ws'}://${hostPart}:${port}/v1/realtime`,
    port,
    sessions,
    certificate: tls?.cert,
    close() {
      closed ??= (async () => {
        await calls.closeAll();
        upgrades.close();
        for (const s of [...sessions.values()]) s.close();
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of connections) socket.destroy();
        await done;
      })();
      return closed;
    },
  };
}
