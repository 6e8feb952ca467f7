// Test support for the Node tests: event recording, speech-like audio, real-time streaming, a
// WebSocket that records the frames it sends. Not part of the package.
import type { RealtimeSession, SessionEvent, SessionEventOf, SessionEventType } from '@realtime-agents/core';
import { formantSpeech } from '@realtime-agents/emulator';
import WebSocket from 'ws';

/** Record every event of a session, and wait for the ones you need. */
export function record(session: RealtimeSession<unknown>) {
  const events: SessionEvent[] = [];
  const waiters = new Set<() => void>();
  session.on('*', (e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  const of = <T extends SessionEventType>(type: T) =>
    events.filter((e) => e.type === type) as SessionEventOf<T>[];
  const waitFor = <T extends SessionEventType>(
    type: T,
    pred: (e: SessionEventOf<T>) => boolean = () => true,
    timeoutMs = 10_000,
    from = 0,
  ): Promise<SessionEventOf<T>> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = events.slice(from).find((e) => e.type === type && pred(e as SessionEventOf<T>));
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit as SessionEventOf<T>);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = events.map((e) =>
          e.type === 'raw' ? `raw:${(e.event as { type: string }).type}` : e.type,
        );
        reject(new Error(`timed out waiting for '${type}'; saw: ${seen.slice(-40).join(', ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const raw = (type: string) =>
    events
      .filter(
        (e): e is SessionEventOf<'raw'> => e.type === 'raw' && (e.event as { type: string }).type === type,
      )
      .map((e) => e.event as unknown as Record<string, unknown>);
  const errors = () => of('error').map((e) => e.error.message);
  return { events, of, waitFor, raw, errors };
}

/** RMS of PCM16 in dBFS. */
export function rmsDbfs(pcm: Int16Array): number {
  let s = 0;
  for (const v of pcm) s += v * v;
  const rms = Math.sqrt(s / Math.max(1, pcm.length)) / 32768;
  return rms > 0 ? 20 * Math.log10(rms) : -120;
}

/** Concatenate PCM16 chunks. */
export function concat(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
