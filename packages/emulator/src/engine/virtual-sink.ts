/**
 * A {@link MediaSink} that "plays" audio in real time without sending it anywhere: the emulator's
 * SIP calls use it (there is no SIP media stack), so those sessions still get real-time
 * `output_audio_buffer.*` events and server-side truncation with the played milliseconds.
 * @module
 */
import type { MediaSink } from './contracts.js';

interface Queued {
  responseId: string;
  itemId: string;
  samples: number;
  played: number;
  chunks: Int16Array[];
}

/** Callbacks into the session (`mediaStarted` / `mediaDrained`). */
export interface VirtualSinkEvents {
  started(responseId: string): void;
  drained(responseId: string): void;
  /** Each 20 ms of audio as it is "played" into the line (the SIP caller records it). */
  played?(pcm24k: Int16Array): void;
}

const FRAME = 480; // 20 ms at 24 kHz

/** Real-time playback clock for audio that goes nowhere. */
export class VirtualMediaSink implements MediaSink {
  #queue: Queued[] = [];
  #finished = new Set<string>();
  #started = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly events: VirtualSinkEvents) {}

  get busy(): boolean {
    return this.#queue.length > 0;
  }

  enqueue(responseId: string, itemId: string, pcm24k: Int16Array): void {
    const last = this.#queue.at(-1);
    if (last && last.responseId === responseId && last.itemId === itemId) {
      last.samples += pcm24k.length;
      last.chunks.push(pcm24k);
    } else this.#queue.push({ responseId, itemId, samples: pcm24k.length, played: 0, chunks: [pcm24k] });
    this.#timer ??= setInterval(() => this.#tick(), 20);
  }

  finish(responseId: string): void {
    this.#finished.add(responseId);
    if (!this.#queue.some((q) => q.responseId === responseId) && this.#started.has(responseId))
      this.#drained(responseId);
  }

  clear(): { responseId: string; itemId: string; playedMs: number } | null {
    const head = this.#queue[0];
    this.#queue = [];
    this.#stop();
    if (!head) return null;
    this.#started.delete(head.responseId);
    this.#finished.delete(head.responseId);
    return { responseId: head.responseId, itemId: head.itemId, playedMs: Math.floor(head.played / 24) };
  }

  /** Stop the clock (session closed). */
  close(): void {
    this.#queue = [];
    this.#stop();
  }

  #tick(): void {
    const head = this.#queue[0];
    if (!head) {
      this.#stop();
      return;
    }
    if (!this.#started.has(head.responseId)) {
      this.#started.add(head.responseId);
      this.events.started(head.responseId);
    }
    const next = Math.min(head.samples, head.played + FRAME);
    if (this.events.played) this.events.played(takeFrame(head, next - head.played));
    head.played = next;
    if (head.played < head.samples) return;
    this.#queue.shift();
    const more = this.#queue.some((q) => q.responseId === head.responseId);
    if (!more && this.#finished.has(head.responseId)) this.#drained(head.responseId);
    if (!this.#queue.length) this.#stop();
  }

  #drained(responseId: string): void {
    this.#finished.delete(responseId);
    this.#started.delete(responseId);
    this.events.drained(responseId);
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

/** The next `n` samples of a queued item, dropping the chunks fully consumed. */
function takeFrame(q: Queued, n: number): Int16Array {
  const out = new Int16Array(n);
  let filled = 0;
  while (filled < n && q.chunks.length) {
    const chunk = q.chunks[0]!;
    const take = Math.min(n - filled, chunk.length);
    out.set(chunk.subarray(0, take), filled);
    filled += take;
    if (take === chunk.length) q.chunks.shift();
    else q.chunks[0] = chunk.subarray(take);
  }
  return out;
}
