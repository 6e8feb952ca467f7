/**
 * Test support for the WebRTC half (used by the *.test.ts files here only): a recording engine
 * session, an HTTP server that routes to `handleCallsRequest`, a werift client peer that plays the
 * browser, and small signal helpers.
 * @module
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RTCDataChannel,
  type RTCRtpTransceiver,
  RtpHeader,
  RtpPacket,
} from 'werift';
import type { CreateSessionOptions, EngineSession, MediaSink } from '../engine/contracts.js';
import { CallRegistry } from './call-registry.js';
import { handleCallsRequest } from './calls-endpoint.js';
import { OpusFrameEncoder, OpusPacketDecoder } from './opus.js';
import { keepLoopbackCandidates } from './sdp.js';

/** An EngineSession that records every call and echoes client events back as `test.echo`. */
export class RecordingSession implements EngineSession {
  readonly kind = 'webrtc' as const;
  readonly received: string[] = [];
  readonly audio: Int16Array[] = [];
  readonly mediaStartedIds: string[] = [];
  readonly mediaDrainedIds: string[] = [];
  readonly listeners = new Set<(json: string) => void>();
  sink: MediaSink | null = null;
  startCalls = 0;
  closeCalls = 0;

  constructor(
    readonly id: string,
    readonly options: CreateSessionOptions,
  ) {}

  receive(raw: string): void {
    this.received.push(raw);
    this.emit({ type: 'test.echo', raw });
  }
  appendAudio(pcm24k: Int16Array): void {
    this.audio.push(pcm24k);
    if (this.throwing) throw new Error('engine bug in appendAudio');
  }
  addListener(send: (json: string) => void): () => void {
    this.listeners.add(send);
    return () => this.listeners.delete(send);
  }
  attachMedia(sink: MediaSink): void {
    this.sink = sink;
  }
  /** Make `mediaStarted` and `appendAudio` throw (an engine bug) after recording. */
  throwing = false;
  mediaStarted(responseId: string): void {
    this.mediaStartedIds.push(responseId);
    if (this.throwing) throw new Error('engine bug in mediaStarted');
  }
  mediaDrained(responseId: string): void {
    this.mediaDrainedIds.push(responseId);
  }
  readonly endListeners = new Set<(code: number, reason: string) => void>();
  /** Like the engine's optional `onEnd` (not in the contract): the session ending itself. */
  onEnd(listener: (code: number, reason: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }
  /** End from the engine side (expiry, fault). */
  endFromEngine(code: number, reason: string): void {
    for (const l of [...this.endListeners]) l(code, reason);
    this.close();
  }
  start(): void {
    this.startCalls++;
    this.emit({ type: 'session.created', session: { id: this.id } });
  }
  close(): void {
    this.closeCalls++;
  }
  emit(event: Record<string, unknown>): void {
    for (const l of this.listeners) l(JSON.stringify(event));
  }
  /** All mic audio received so far, joined. */
  joinedAudio(): Int16Array {
    const total = this.audio.reduce((n, a) => n + a.length, 0);
    const out = new Int16Array(total);
    let o = 0;
    for (const a of this.audio) {
      out.set(a, o);
      o += a.length;
    }
    return out;
  }
}

export interface CallsTestServer {
  url: string;
  registry: CallRegistry;
  sessions: RecordingSession[];
  logs: string[];
  /** Faults applied to every request (mutable). */
  faults: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 whose `POST /v1/realtime/calls` goes to `handleCallsRequest`. */
export async function startCallsServer(): Promise<CallsTestServer> {
  const registry = new CallRegistry();
  const sessions: RecordingSession[] = [];
  const logs: string[] = [];
  const faults: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/realtime/calls') {
      res.writeHead(404).end();
      return;
    }
    await handleCallsRequest(
      {
        faults: [...faults],
        log: (line) => logs.push(line),
        createSession: (options) => {
          const s = new RecordingSession(`sess_${sessions.length + 1}`, options);
          sessions.push(s);
          return s;
        },
      },
      req,
      res,
      Buffer.concat(chunks),
      { registry, connectTimeoutMs: 5000 },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/realtime/calls`,
    registry,
    sessions,
    logs,
    faults,
    close: async () => {
      await registry.hangupAll();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A werift peer playing the browser: mic track (sendrecv audio) + `oai-events` channel. */
export interface TestClient {
  pc: RTCPeerConnection;
  dc: RTCDataChannel;
  audio: RTCRtpTransceiver;
  /** Opus payloads the client received from the server, with arrival times. */
  received: { payload: Buffer; timestamp: number; marker: boolean; at: number }[];
  /** Data channel messages received. */
  messages: string[];
  offer: string;
  /** Send one encoded packet (in the client's codec) as the mic. */
  sendOpus(payload: Buffer, timestamp: number): void;
  close(): Promise<void>;
}

const CLIENT_CODECS = {
  opus: () =>
    new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 }),
  pcmu: () =>
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
  pcma: () =>
    new RTCRtpCodecParameters({ mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, payloadType: 8 }),
};

export async function createTestClient(
  label = 'oai-events',
  codec: keyof typeof CLIENT_CODECS = 'opus',
): Promise<TestClient> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' }, // loopback sockets only
    iceUseIpv6: false,
    maxMessageSize: 262144, // like Chromium's offer
    // One transport for both m-lines, like Chromium; with werift's default the offerer's unused
    // second transport keeps its sockets after close().
    bundlePolicy: 'max-bundle',
    codecs: {
      audio: [CLIENT_CODECS[codec]()],
      video: [],
    },
  });
  const track = new MediaStreamTrack({ kind: 'audio' });
  const audio = pc.addTransceiver(track, { direction: 'sendrecv' });
  const dc = pc.createDataChannel(label);
  const received: TestClient['received'] = [];
  const messages: string[] = [];
  audio.onTrack.subscribe((t) =>
    t.onReceiveRtp.subscribe((p) =>
      received.push({
        payload: p.payload,
        timestamp: p.header.timestamp,
        marker: p.header.marker,
        at: performance.now(),
      }),
    ),
  );
  dc.onMessage.subscribe((m) => messages.push(m.toString()));
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await pc.iceGatheringStateChange.watch((s) => s === 'complete', 5000);
  }
  let seq = 1;
  return {
    pc,
    dc,
    audio,
    received,
    messages,
    offer: keepLoopbackCandidates(pc.localDescription!.sdp),
    sendOpus: (payload, timestamp) => {
      const header = new RtpHeader({
        payloadType: CLIENT_CODECS[codec]().payloadType,
        sequenceNumber: seq++ & 0xffff,
        timestamp,
        ssrc: 1,
      });
      track.writeRtp(new RtpPacket(header, payload));
    },
    close: () => pc.close(),
  };
}

/** POST the client's offer and apply the answer; returns the HTTP response and its body. */
export async function negotiate(
  client: TestClient,
  url: string,
  init: { contentType?: string; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': init.contentType ?? 'application/sdp', Authorization: 'Bearer sk-test' },
    body: init.body ?? client.offer,
  });
  const body = await res.text();
  if (res.status === 201) await client.pc.setRemoteDescription({ type: 'answer', sdp: body });
  return { status: res.status, headers: res.headers, body };
}

/** Resolve when `check()` is true (polling), or reject after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A sine as PCM16. */
export function sine(freq: number, sampleRate: number, samples: number, amplitude = 0.5): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    out[i] = Math.round(Math.sin((2 * Math.PI * freq * i) / sampleRate) * amplitude * 32767);
  return out;
}

/** RMS level relative to full scale (1.0 = full-scale square wave). */
export function rms(pcm: Int16Array): number {
  let acc = 0;
  for (const v of pcm) acc += v * v;
  return Math.sqrt(acc / Math.max(1, pcm.length)) / 32768;
}

/** Dominant frequency by counting rising zero crossings. */
export function zeroCrossingFrequency(pcm: Int16Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) if (pcm[i - 1]! < 0 && pcm[i]! >= 0) crossings++;
  return (crossings * sampleRate) / pcm.length;
}

/** Encode 48 kHz mono PCM to 20 ms Opus packets. */
export function encodeOpusFrames(pcm48k: Int16Array): Buffer[] {
  const enc = new OpusFrameEncoder();
  const packets: Buffer[] = [];
  for (let i = 0; i + 960 <= pcm48k.length; i += 960) packets.push(enc.encode(pcm48k.subarray(i, i + 960)));
  enc.close();
  return packets;
}

/** Decode Opus packets to 48 kHz mono (left channel of the stereo decode). */
export function decodeOpusPackets(packets: Buffer[]): Int16Array {
  const dec = new OpusPacketDecoder();
  const chunks = packets.map((p) => dec.decode(p));
  dec.close();
  const total = chunks.reduce((n, c) => n + c.length / 2, 0);
  const out = new Int16Array(total);
  let o = 0;
  for (const c of chunks) for (let i = 0; i < c.length; i += 2) out[o++] = c[i]!;
  return out;
}
