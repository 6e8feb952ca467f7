/**
 * `MediaSink` for WebRTC: takes the assistant's speech (PCM16 mono 24 kHz, one item at a time, in
 * chunks of any length), converts it to the codec's rate with a streaming resampler per item
 * (chunks join seamlessly), encodes 20 ms frames (Opus 48 kHz by default, or G.711 8 kHz) and hands
 * them to `send` paced in real time.
 *
 * Pacing: frame n of a run is due at `t0 + 20 ms · n` on a monotonic clock; each timer wake-up
 * sends every frame that is due (at most `maxBurstFrames`), then sleeps until the next one, so
 * timer lateness never accumulates. After a stall longer than `resyncAfterMs` the schedule
 * restarts from now (audio is delayed, never dropped).
 *
 * Underrun / idle: when the item being played has no full frame buffered yet and more may come,
 * nothing is sent and the run restarts when audio arrives; when nothing is queued no RTP is sent
 * at all (like a DTX sender). RTP timestamps follow the wall clock across gaps and the first
 * packet after a gap has the marker bit set, so the receiver's jitter buffer restarts cleanly.
 * An item's last partial frame is sent zero-padded once the item is complete (next item begun, or
 * `finish` of its response).
 *
 * Callbacks: `onStarted(responseId)` right after the first frame of a response went out;
 * `onDrained(responseId)` once a `finish`ed response's last frame has been sent and its 20 ms slot
 * has elapsed. A cleared response gets no `onDrained`, and later `enqueue`s for it are ignored
 * (the engine may still be generating it when the client interrupts).
 * @module
 */
import { Resampler } from '@realtime-agents/audio/codecs';
import type { MediaSink } from '../engine/contracts.js';
import { type AudioCodec, type FrameEncoder, OPUS } from './audio-codecs.js';
import { FRAME_MS } from './opus.js';
import { SampleFifo } from './sample-fifo.js';

export interface RtpMediaSinkOptions {
  /** Send one encoded frame. `rtpTimestamp` is on the codec's RTP clock. */
  send(payload: Buffer, rtpTimestamp: number, marker: boolean): void;
  /** The negotiated codec (default Opus). */
  codec?: AudioCodec;
  onStarted(responseId: string): void;
  onDrained(responseId: string): void;
  /** Monotonic milliseconds (default `performance.now`). */
  now?: () => number;
  /** Most frames sent in one wake-up when the timer was late (default 5 = 100 ms). */
  maxBurstFrames?: number;
  /** Lateness after which the schedule restarts from now (default 200 ms). */
  resyncAfterMs?: number;
}

/** Counters for the log and tests. */
export interface RtpMediaSinkStats {
  framesSent: number;
  /** Largest observed lateness of a frame against its schedule, in ms. */
  maxLateMs: number;
  resyncs: number;
  /** Times the playing item ran out of audio before it was complete. */
  underruns: number;
}

interface QueuedItem {
  responseId: string;
  itemId: string;
  resampler: Resampler;
  fifo: SampleFifo;
  /** No more audio will be added (resampler flushed). */
  complete: boolean;
  /** Samples (codec rate) already sent. */
  sent: number;
  /** Duration of the 24 kHz audio received for this item, in ms. */
  inputMs: number;
}

export class RtpMediaSink implements MediaSink {
  readonly stats: RtpMediaSinkStats = { framesSent: 0, maxLateMs: 0, resyncs: 0, underruns: 0 };
  readonly #opts: RtpMediaSinkOptions;
  readonly #now: () => number;
  readonly #maxBurst: number;
  readonly #resyncAfter: number;
  readonly #codec: AudioCodec;
  /** Samples per frame and per millisecond at the codec's rate. */
  readonly #frame: number;
  readonly #perMs: number;
  #encoder: FrameEncoder | null;
  readonly #queue: QueuedItem[] = [];
  readonly #finished = new Set<string>();
  readonly #started = new Set<string>();
  readonly #cleared = new Set<string>();
  /** When each started response's last sent frame finishes playing. */
  readonly #endsAt = new Map<string, number>();
  #drains: { responseId: string; at: number }[] = [];
  /** Due time of the next frame while a run is going; null when idle or starved. */
  #nextFrameAt: number | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #clockOrigin: number;
  readonly #tsOrigin = Math.floor(Math.random() * 0xffffffff);
  #lastFrameAt = Number.NEGATIVE_INFINITY;
  #closed = false;

  constructor(options: RtpMediaSinkOptions) {
    this.#opts = options;
    this.#now = options.now ?? (() => performance.now());
    this.#maxBurst = options.maxBurstFrames ?? 5;
    this.#resyncAfter = options.resyncAfterMs ?? 200;
    this.#clockOrigin = this.#now();
    this.#codec = options.codec ?? OPUS;
    this.#frame = this.#codec.frameSamples;
    this.#perMs = this.#codec.clockRate / 1000;
    this.#encoder = this.#codec.createEncoder();
    // Warm the wasm encoder up so the first real frame is not late (result discarded; Opus state
    // after one silent frame is harmless).
    this.#encoder.encode(new Int16Array(this.#frame));
  }

  get busy(): boolean {
    return this.#queue.length > 0 || this.#drains.length > 0;
  }

  enqueue(responseId: string, itemId: string, pcm24k: Int16Array): void {
    if (this.#closed || this.#cleared.has(responseId) || pcm24k.length === 0) return;
    let item = this.#queue[this.#queue.length - 1];
    if (!item || item.complete || item.responseId !== responseId || item.itemId !== itemId) {
      if (item && !item.complete) this.#complete(item);
      item = {
        responseId,
        itemId,
        resampler: new Resampler(24000, this.#codec.clockRate),
        fifo: new SampleFifo(),
        complete: false,
        sent: 0,
        inputMs: 0,
      };
      this.#queue.push(item);
    }
    item.fifo.push(item.resampler.process(pcm24k));
    item.inputMs += pcm24k.length / 24;
    this.#wake();
  }

  finish(responseId: string): void {
    if (this.#closed || this.#cleared.has(responseId)) return;
    this.#finished.add(responseId);
    const pending = this.#queue.filter((q) => q.responseId === responseId);
    for (const q of pending) if (!q.complete) this.#complete(q);
    if (pending.length > 0) {
      this.#wake();
      return; // drains after its last frame
    }
    const endsAt = this.#endsAt.get(responseId);
    if (endsAt !== undefined) this.#addDrain(responseId, endsAt);
  }

  clear(): { responseId: string; itemId: string; playedMs: number } | null {
    const current = this.#queue[0];
    if (!current) return null;
    const playedMs = Math.min(current.inputMs, current.sent / this.#perMs);
    for (const q of this.#queue) this.#cleared.add(q.responseId);
    this.#queue.length = 0;
    this.#drains = this.#drains.filter((d) => !this.#cleared.has(d.responseId));
    this.#nextFrameAt = null;
    this.#schedule();
    return { responseId: current.responseId, itemId: current.itemId, playedMs: Math.round(playedMs) };
  }

  /** Stop for good: no more frames or callbacks; releases the timer and the encoder. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#drains = [];
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#encoder?.close();
    this.#encoder = null;
  }

  #complete(item: QueuedItem): void {
    item.fifo.push(item.resampler.flush('int16'));
    item.complete = true;
  }

  /** Start a run if idle/starved and the head item can play. */
  #wake(): void {
    if (this.#nextFrameAt === null && this.#canSend()) this.#nextFrameAt = this.#now();
    this.#schedule();
  }

  /** The head item has a full frame, or is complete (its padded tail or its removal is due). */
  #canSend(): boolean {
    const head = this.#queue[0];
    return !!head && (head.complete || head.fifo.length >= this.#frame);
  }

  #addDrain(responseId: string, at: number): void {
    if (this.#drains.some((d) => d.responseId === responseId)) return;
    this.#drains.push({ responseId, at });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#closed) return;
    let due = this.#nextFrameAt ?? Number.POSITIVE_INFINITY;
    for (const d of this.#drains) due = Math.min(due, d.at);
    if (due === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, due - this.#now());
    this.#timer = setTimeout(() => this.#tick(), delay);
  }

  #tick(): void {
    this.#timer = null;
    if (this.#closed) return;
    let now = this.#now();
    if (this.#nextFrameAt !== null) {
      if (now - this.#nextFrameAt > this.#resyncAfter) {
        this.stats.resyncs++;
        this.#nextFrameAt = now;
      }
      let burst = 0;
      while (this.#nextFrameAt !== null && this.#nextFrameAt <= now + 1 && burst < this.#maxBurst) {
        // Drop complete items with nothing left (their last frame already went out).
        while (this.#queue[0]?.complete && this.#queue[0].fifo.length === 0) this.#queue.shift();
        if (!this.#canSend()) {
          if (this.#queue.length > 0) this.stats.underruns++;
          this.#nextFrameAt = null; // starved or idle: restart when audio arrives
          break;
        }
        this.stats.maxLateMs = Math.max(this.stats.maxLateMs, now - this.#nextFrameAt);
        this.#sendFrame(this.#nextFrameAt);
        if (this.#closed) return; // a callback closed us
        this.#nextFrameAt += FRAME_MS;
        burst++;
      }
      now = this.#now();
    }
    const due = this.#drains.filter((d) => d.at <= now + 1);
    if (due.length > 0) {
      this.#drains = this.#drains.filter((d) => d.at > now + 1);
      for (const d of due) {
        this.#finished.delete(d.responseId);
        this.#started.delete(d.responseId);
        this.#endsAt.delete(d.responseId);
        this.#opts.onDrained(d.responseId);
        if (this.#closed) return;
      }
    }
    this.#schedule();
  }

  #sendFrame(frameAt: number): void {
    const item = this.#queue[0]!;
    const real = Math.min(this.#frame, item.fifo.length);
    const packet = this.#encoder!.encode(item.fifo.read(this.#frame));
    const marker = frameAt - this.#lastFrameAt > FRAME_MS * 1.5;
    const ts = (this.#tsOrigin + Math.round((frameAt - this.#clockOrigin) * this.#perMs)) >>> 0;
    this.#lastFrameAt = frameAt;
    item.sent += real;
    this.stats.framesSent++;
    this.#opts.send(packet, ts, marker);
    const { responseId } = item;
    this.#endsAt.set(responseId, frameAt + FRAME_MS);
    if (!this.#started.has(responseId)) {
      this.#started.add(responseId);
      this.#opts.onStarted(responseId);
    }
    if (item.complete && item.fifo.length === 0) {
      this.#queue.shift();
      if (this.#finished.has(responseId) && !this.#queue.some((q) => q.responseId === responseId)) {
        this.#addDrain(responseId, frameAt + FRAME_MS);
      }
    }
  }
}
