/**
 * Which assistant item the remote track is playing, and how much of it was really heard.
 *
 * WebRTC sends no audio deltas: the audio is the remote track. The tracker follows the data
 * channel (`response.output_item.added`, `response.content_part.added`, `output_audio_buffer.*`)
 * to know the item and the speaking state, and counts the tap's PCM16 frames from the first
 * audible one after `output_audio_buffer.started` — so positions are samples rendered, not a
 * wall-clock guess. Pure logic (no DOM), fed by the transport.
 * @module
 */
import type { AudioChunk, PlaybackPosition } from '@realtime-agents/core';

/** Level above which a frame counts as audible (Opus silence and DTX gaps decode far below). */
export const AUDIBLE_DBFS = -65;
/** Trailing silence after `output_audio_buffer.stopped` that ends an item. */
const DRAIN_SILENCE_MS = 100;
/** Longest wait for the jitter buffer to empty after `stopped`. */
const DRAIN_MAX_MS = 600;

/** Sample magnitude of {@link AUDIBLE_DBFS}. */
const AUDIBLE_SAMPLE = 32768 * 10 ** (AUDIBLE_DBFS / 20);

/**
 * How long before the frame was taken its first audible sample played: a frame arrives once it is
 * full, so playback began that much earlier than `atMs` (latency metrics would be a frame late).
 */
function audibleTailMs(f: TapFrame): number {
  let i = 0;
  while (i < f.pcm.length && Math.abs(f.pcm[i]!) < AUDIBLE_SAMPLE) i++;
  return ((f.pcm.length - Math.min(i, f.pcm.length - 1)) / f.sampleRate) * 1000;
}

/** One tap frame. */
export interface TapFrame {
  pcm: Int16Array;
  sampleRate: number;
  rmsDbfs: number;
  /** performance.now() when the frame was taken. */
  atMs: number;
}

/** Callbacks of the tracker (a subset of core's `TransportHandlers`). */
export interface PlaybackTrackerHandlers {
  audio(chunk: AudioChunk): void;
  playbackStarted?(itemId: string, atMs: number): void;
  playbackDrained?(itemId: string): void;
}

interface AudioItem {
  itemId: string;
  contentIndex: number;
}

interface Playing {
  responseId: string;
  /** `extraMs()` when the item became audible. */
  extraBase: number;
  audible: boolean;
  stopping: boolean;
  stoppingMs: number;
  silentMs: number;
  samples: number;
  rate: number;
  item: AudioItem | null;
}

/**
 * Tracks the played position of the assistant's audio on a WebRTC call.
 * @example
 * const tracker = new PlaybackTracker(handlers);
 * channel.onmessage = (e) => tracker.observe(JSON.parse(e.data));
 * tap.on('frame', (f) => tracker.frame({ ...f, atMs: performance.now() }));
 * tracker.position(); // { itemId, contentIndex, playedMs, queuedMs }
 */
export class PlaybackTracker {
  readonly #handlers: PlaybackTrackerHandlers;
  readonly #extraMs: () => number;
  readonly #bufferedMs: () => number;
  readonly #items = new Map<string, AudioItem>();
  #playing: Playing | null = null;
  #frozen: PlaybackPosition | null = null;

  /**
   * @param extraMs cumulative ms the track rendered that were not server audio (concealment,
   * stretching; see `PlayoutStats`), subtracted from played positions. Default: none.
   * @param bufferedMs audio received but not yet heard (jitter buffer), reported as `queuedMs`.
   */
  constructor(
    handlers: PlaybackTrackerHandlers,
    extraMs: () => number = () => 0,
    bufferedMs: () => number = () => 0,
  ) {
    this.#handlers = handlers;
    this.#extraMs = extraMs;
    this.#bufferedMs = bufferedMs;
  }

  /** True between `output_audio_buffer.started` and the end of that audio (stopped + drained, or cleared). */
  get speaking(): boolean {
    return this.#playing !== null;
  }

  /** The response whose audio is playing (the same span as {@link speaking}), or null. */
  get responseId(): string | null {
    return this.#playing?.responseId ?? null;
  }

  /** Feed one server event (already parsed). Unknown events are ignored. */
  observe(event: { type?: unknown; [k: string]: unknown }): void {
    switch (event.type) {
      case 'response.output_item.added': {
        const item = event.item as { id?: string; type?: string; role?: string } | undefined;
        const rid = event.response_id as string | undefined;
        if (rid && item?.id && item.type === 'message' && item.role !== 'user' && !this.#items.has(rid))
          this.#items.set(rid, { itemId: item.id, contentIndex: 0 });
        return;
      }
      case 'response.content_part.added': {
        const part = event.part as { type?: string } | undefined;
        const rid = event.response_id as string | undefined;
        if (!rid || part?.type !== 'audio' || typeof event.item_id !== 'string') return;
        const known = this.#items.get(rid);
        // the first audio part of a response is what the track plays first
        if (!known || known.itemId === event.item_id)
          this.#items.set(rid, { itemId: event.item_id, contentIndex: Number(event.content_index ?? 0) });
        return;
      }
      case 'output_audio_buffer.started': {
        const rid = String(event.response_id ?? '');
        if (this.#playing?.responseId === rid) return;
        this.#finish();
        this.#frozen = null;
        this.#playing = {
          responseId: rid,
          extraBase: 0,
          audible: false,
          stopping: false,
          stoppingMs: 0,
          silentMs: 0,
          samples: 0,
          rate: 24000,
          item: null,
        };
        return;
      }
      case 'output_audio_buffer.stopped':
        if (this.#playing && this.#playing.responseId === event.response_id) this.#playing.stopping = true;
        return;
      case 'output_audio_buffer.cleared':
        if (this.#playing && (!event.response_id || this.#playing.responseId === event.response_id)) {
          this.#frozen = this.position();
          this.#playing = null;
        }
        return;
      case 'response.done': {
        const rid = (event.response as { id?: string } | undefined)?.id;
        // keep the item while its audio may still play; forget older ones
        if (rid && this.#playing?.responseId !== rid && this.#items.size > 16) this.#items.delete(rid);
        return;
      }
      default:
        return;
    }
  }

  /** Feed one tap frame of the remote track. */
  frame(f: TapFrame): void {
    const p = this.#playing;
    if (!p) return;
    const ms = (f.pcm.length / f.sampleRate) * 1000;
    const audible = f.rmsDbfs > AUDIBLE_DBFS;
    if (!p.audible) {
      if (p.stopping) {
        p.stoppingMs += ms;
        if (p.stoppingMs >= DRAIN_MAX_MS) this.#playing = null;
        return;
      }
      if (!audible) return;
      p.audible = true;
      p.extraBase = this.#extraMs();
      p.rate = f.sampleRate;
      p.item = this.#items.get(p.responseId) ?? null;
      if (p.item) this.#handlers.playbackStarted?.(p.item.itemId, f.atMs - audibleTailMs(f));
    }
    p.item ??= this.#items.get(p.responseId) ?? null;
    p.samples += f.pcm.length;
    if (p.item) {
      this.#handlers.audio({
        data: f.pcm,
        sampleRate: f.sampleRate,
        itemId: p.item.itemId,
        contentIndex: p.item.contentIndex,
        responseId: p.responseId,
      });
    }
    if (p.stopping) {
      p.stoppingMs += ms;
      p.silentMs = audible ? 0 : p.silentMs + ms;
      if (p.silentMs >= DRAIN_SILENCE_MS || p.stoppingMs >= DRAIN_MAX_MS) {
        // the trailing silence was the jitter buffer running dry, not the item
        p.samples = Math.max(0, p.samples - Math.round((p.silentMs / 1000) * p.rate));
        this.#finish();
      }
    }
  }

  /** Where playback stands, or null when nothing audible is playing. */
  position(): PlaybackPosition | null {
    const p = this.#playing;
    if (!p?.audible) return null;
    const item = p.item ?? this.#items.get(p.responseId);
    if (!item) return null;
    const extra = Math.max(0, this.#extraMs() - p.extraBase);
    return {
      itemId: item.itemId,
      contentIndex: item.contentIndex,
      playedMs: Math.max(0, (p.samples / p.rate) * 1000 - extra),
      queuedMs: p.stopping ? 0 : Math.max(0, this.#bufferedMs()),
    };
  }

  /** Stop counting now and return the position reached (also right after a `cleared`); `queuedMs` is what was still buffered. */
  stop(): PlaybackPosition | null {
    const pos = this.position() ?? this.#frozen;
    this.#playing = null;
    this.#frozen = null;
    return pos;
  }

  /** Forget everything (new connection). */
  reset(): void {
    this.#playing = null;
    this.#frozen = null;
    this.#items.clear();
  }

  #finish(): void {
    const p = this.#playing;
    this.#playing = null;
    if (p?.audible && p.item) this.#handlers.playbackDrained?.(p.item.itemId);
  }
}
