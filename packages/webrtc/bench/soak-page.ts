/**
 * Browser side of the WebRTC (and WebSocket) soak: one connect → turn → close cycle per call of `window.soak.cycle`,
 * and counters of what is still alive — peer connections not closed, AudioContexts not closed,
 * microphone tracks not stopped (constructors wrapped; weak references, so counting keeps nothing).
 * Bundled by soak.bench.ts with esbuild.
 * @module
 */
import { RealtimeRunner, type Transport } from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';

/** From packages/websocket/bench/browser-soak-transport.ts (loaded first). */
const loaded = window as unknown as {
  soakWebSocketTransport(o: { clientSecret: string }): Transport;
  soakCycle(
    runner: RealtimeRunner,
    withTool: boolean,
  ): Promise<{ connect: number; turn: number; close: number; errors: number }>;
};
const websocketTransport = (o: { clientSecret: string }) => loaded.soakWebSocketTransport(o);

const peers: Array<WeakRef<RTCPeerConnection>> = [];
const contexts: Array<WeakRef<AudioContext>> = [];
const tracks: Array<WeakRef<MediaStreamTrack>> = [];

const NativePeer = RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeer {
  constructor(config?: RTCConfiguration) {
    super(config);
    peers.push(new WeakRef(this));
  }
} as typeof RTCPeerConnection;
const NativeContext = AudioContext;
window.AudioContext = class extends NativeContext {
  constructor(options?: AudioContextOptions) {
    super(options);
    contexts.push(new WeakRef(this));
  }
} as typeof AudioContext;
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await getUserMedia(constraints);
  for (const t of stream.getTracks()) tracks.push(new WeakRef(t));
  return stream;
};

async function mint(base: string): Promise<string> {
  const res = await fetch(`${base}/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  return ((await res.json()) as { value: string }).value;
}

/** One cycle over `kind`; times in ms: connect (key minted before), turn, close. */
async function cycle(base: string, withTool: boolean, kind: 'webrtc' | 'websocket') {
  const key = await mint(base);
  const transport =
    kind === 'webrtc' ? webrtcTransport({ clientSecret: key }) : websocketTransport({ clientSecret: key });
  return loaded.soakCycle(new RealtimeRunner({ baseUrl: base, transport }), withTool);
}

/** What is still alive among everything ever created (collected objects count as gone). */
function counts() {
  const live = <T extends object>(refs: Array<WeakRef<T>>, alive: (x: T) => boolean) =>
    refs.reduce((n, r) => {
      const x = r.deref();
      return n + (x && alive(x) ? 1 : 0);
    }, 0);
  return {
    peersCreated: peers.length,
    peersOpen: live(peers, (p) => p.signalingState !== 'closed'),
    peersUncollected: live(peers, () => true),
    contextsCreated: contexts.length,
    contextsNotClosed: live(contexts, (c) => c.state !== 'closed'),
    contextsRunning: live(contexts, (c) => c.state === 'running'),
    tracksLive: live(tracks, (t) => t.readyState === 'live'),
    audioElements: document.querySelectorAll('audio').length,
  };
}

(window as unknown as { soak: unknown }).soak = { cycle, counts };
