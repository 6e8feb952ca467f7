/**
 * Browser side of the connect bench: connect → ready over WebRTC with ours and with
 * @openai/agents-realtime's `OpenAIRealtimeWebRTC`, same emulator, same page. Bundled by
 * connect.bench.ts with esbuild; exposes `window.bench`.
 * @module
 */
import { OpenAIRealtimeWebRTC } from '@openai/agents-realtime';
import { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';

const agent = new RealtimeAgent({ name: 'Bench', instructions: 'Be brief.' });

/** Stage times of the current run (ms since its start), taken from the data channel both use. */
let t0 = 0;
let stages: Record<string, number> = {};
const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, ...args) {
  const dc = createDataChannel.apply(this, args);
  this.addEventListener('connectionstatechange', () => {
    if (this.connectionState === 'connected') stages.connected ??= performance.now() - t0;
  });
  dc.addEventListener('open', () => {
    stages.open ??= performance.now() - t0;
  });
  dc.addEventListener('message', (e) => {
    const type = /"type"\s*:\s*"([^"]+)"/.exec(String(e.data))?.[1];
    if (type === 'session.created' || type === 'session.updated') stages[type] ??= performance.now() - t0;
  });
  return dc;
} as typeof createDataChannel;

function start(): void {
  stages = {};
  t0 = performance.now();
}

/** One run's result: total ms to ready plus the stage times. */
export interface RunResult {
  total: number;
  stages: Record<string, number>;
}

async function mint(base: string): Promise<string> {
  const res = await fetch(`${base}/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  return ((await res.json()) as { value: string }).value;
}

/** Ours, as a user calls it: `runner.session(agent)` resolves once `session.updated` arrived. */
async function ours(base: string): Promise<RunResult> {
  const key = await mint(base);
  const transport = webrtcTransport({ clientSecret: key });
  const runner = new RealtimeRunner({ baseUrl: base, transport });
  start();
  const session = await runner.session(agent);
  const total = performance.now() - t0;
  session.close();
  return { total, stages };
}

/** Ours at the transport level only (no session), like `theirs`. */
async function oursTransport(base: string): Promise<RunResult> {
  const key = await mint(base);
  const transport = webrtcTransport({ clientSecret: key });
  start();
  await transport.connect(
    {
      session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
      model: 'gpt-realtime',
      baseUrl: base,
    },
    { message: () => undefined, audio: () => undefined, state: () => undefined },
  );
  const total = performance.now() - t0;
  transport.close();
  return { total, stages };
}

/** Theirs: `OpenAIRealtimeWebRTC.connect()` also resolves on `session.updated`. */
async function theirs(base: string): Promise<RunResult> {
  const key = await mint(base);
  const transport = new OpenAIRealtimeWebRTC();
  start();
  await transport.connect({
    apiKey: key,
    url: `${base}/realtime/calls`,
    model: 'gpt-realtime',
    initialSessionConfig: { instructions: 'Be brief.' },
  });
  const total = performance.now() - t0;
  transport.close();
  return { total, stages };
}

(window as unknown as { bench: unknown }).bench = { ours, oursTransport, theirs };
