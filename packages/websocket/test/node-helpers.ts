// Test support for the Node tests: event recording, speech-like audio, real-time streaming, a
// WebSocket that records the frames it sends. Not part of the package.
import { formantSpeech } from '@realtime-agents/emulator';
import WebSocket from 'ws';

import { sleep } from './record.js';

export { concat, record, rmsDbfs, sleep } from './record.js';

/** About `ms` of voiced, speech-like PCM16 at 24 kHz (the emulator's formant synthesizer, pauses skipped). */
export function speech(ms: number): Int16Array {
  const src = formantSpeech('hello there how are you doing today '.repeat(8));
  const loop = Math.min(src.length, 24 * 400);
  return Int16Array.from({ length: Math.round(ms * 24) }, (_, i) => src[i % loop]!);
}

/** Send PCM16 in `chunkMs` chunks paced at real time (drift-corrected). */
export async function streamRealtime(
  send: (pcm: Int16Array) => void,
  pcm: Int16Array,
  chunkMs = 20,
  rate = 24000,
) {
  const size = (rate * chunkMs) / 1000;
  const t0 = performance.now();
  for (let i = 0, n = 0; i < pcm.length; i += size, n++) {
    send(pcm.subarray(i, i + size));
    const wait = t0 + (n + 1) * chunkMs - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

/** A `ws` WebSocket that records every frame it sends (constructor for `websocketTransport({ WebSocket })`). */
export function recordingWebSocket() {
  const frames: string[] = [];
  const handshakes: Array<{ url: string; protocols: unknown; headers: Record<string, string> }> = [];
  class Recording extends WebSocket {
    constructor(url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) {
      super(url, protocols, options);
      handshakes.push({ url, protocols, headers: { ...options?.headers } });
    }
    override send(data: unknown, ...rest: unknown[]): void {
      frames.push(String(data));
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  }
  const sent = () => frames.map((f) => JSON.parse(f) as Record<string, unknown> & { type: string });
  return { WebSocket: Recording as unknown as typeof globalThis.WebSocket, frames, sent, handshakes };
}

/** `ms` of digital silence at 24 kHz. */
export const silence = (ms: number): Int16Array => new Int16Array(Math.round(ms * 24));
