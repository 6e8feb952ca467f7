/**
 * Browser side of the click-to-audio bench: from the click (clock starts before the client secret
 * is fetched) to ready, then one text turn ("hello") to the first non-silent assistant sample played
 * by the remote track. Ours and @openai/agents-realtime's `OpenAIRealtimeWebRTC` in the same page.
 * Bundled by click-audio.bench.ts with esbuild; exposes `window.bench`.
 * @module
 */
import { OpenAIRealtimeWebRTC } from '@openai/agents-realtime';
import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';

const agent = new RealtimeAgent({ name: 'Bench', instructions: 'Be brief.' });

/** The peer connection of the current run, captured when its data channel is created. */
let pc: RTCPeerConnection | undefined;
let t0 = 0;
let connectedAt = Number.NaN;
const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, ...args) {
  pc = this;
  this.addEventListener('connectionstatechange', () => {
    if (this.connectionState === 'connected' && Number.isNaN(connectedAt))
      connectedAt = performance.now() - t0;
  });
  return createDataChannel.apply(this, args);
} as typeof createDataChannel;

/** One run: ms from the click to peer connected (NaN: before the click), to ready, and to the first assistant audio played. */
export interface ClickRun {
  connected: number;
  ready: number;
  firstAudio: number;
  /** With prepare(): ms from `prepare()` to its promise resolving (before the click, not in the other columns). */
  prepareMs?: number;
}

async function mint(base: string): Promise<string> {
  const res = await fetch(`${base}/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  return ((await res.json()) as { value: string }).value;
}

/** Resolves when the remote audio track has played a non-silent sample (inbound-rtp audio energy > 0). */
async function firstAudioPlayed(limitMs: number): Promise<number> {
  const until = performance.now() + limitMs;
  while (performance.now() < until) {
    const stats = await pc?.getStats();
    let energy = 0;
    stats?.forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') energy = s.totalAudioEnergy ?? 0;
    });
    if (energy > 0) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`click-audio bench: no assistant audio played within ${limitMs} ms`);
}

function click(): void {
  pc = undefined;
  connectedAt = Number.NaN;
  t0 = performance.now();
}

/** How long the prepared call waits idle between `prepare()` resolving and the click (a user reading the page). */
const IDLE_BEFORE_CLICK_MS = 300;

/** Ours, as an app calls it on click: secret fetched by the transport, `runner.session(agent)`. */
async function ours(base: string): Promise<ClickRun> {
  click();
  const runner = new RealtimeRunner({
    baseUrl: base,
    transport: webrtcTransport({ clientSecret: () => mint(base) }),
  });
  const session = await runner.session(agent);
  const ready = performance.now() - t0;
  await session.sendText('hello');
  const firstAudio = await firstAudioPlayed(10_000);
  session.close();
  return { connected: connectedAt, ready, firstAudio };
}

/**
 * Ours with `runner.prepare(agent)` before the click (not timed: page load): key, peer connection,
 * SDP, ICE/DTLS, data channel and the confirmed session config; the call then idles for
 * {@link IDLE_BEFORE_CLICK_MS}. The clock starts at the click: `runner.session(agent)` adopts the
 * call (microphone on the sender, playback started), then the same "hello" turn.
 */
async function oursPrepared(base: string): Promise<ClickRun> {
  click();
  const runner = new RealtimeRunner({
    baseUrl: base,
    transport: webrtcTransport({ clientSecret: () => mint(base) }),
  });
  await runner.prepare(agent);
  const prepareMs = performance.now() - t0;
  if (Number.isNaN(connectedAt))
    throw new Error('click-audio bench: prepare() resolved before the peer connected');
  await new Promise((r) => setTimeout(r, IDLE_BEFORE_CLICK_MS));
  const prepared = pc;
  click();
  pc = prepared;
  const session = await runner.session(agent);
  const ready = performance.now() - t0;
  await session.sendText('hello');
  const firstAudio = await firstAudioPlayed(10_000);
  session.close();
  return { connected: Number.NaN, ready, firstAudio, prepareMs };
}

/** Theirs on click: secret fetched, then `OpenAIRealtimeWebRTC.connect()` (resolves on session.updated). */
async function theirs(base: string): Promise<ClickRun> {
  click();
  const transport = new OpenAIRealtimeWebRTC();
  await transport.connect({
    apiKey: () => mint(base),
    url: `${base}/realtime/calls`,
    model: 'gpt-realtime',
    initialSessionConfig: { instructions: 'Be brief.' },
  });
  const ready = performance.now() - t0;
  transport.sendMessage('hello', {});
  const firstAudio = await firstAudioPlayed(10_000);
  transport.close();
  return { connected: connectedAt, ready, firstAudio };
}

(window as unknown as { bench: unknown }).bench = { ours, oursPrepared, theirs };
