/**
 * A simulated real-time speaker for runtimes without one (Node tests, servers that forward audio to
 * something that plays it at 1×): items play in order at real speed from when their audio arrives,
 * stalling when the queue runs dry, so `interrupt()` truncates at what such a speaker would have played.
 * @module
 */
import type { AudioChunk, PlaybackPosition } from '@realtime-agents/core';
import type { AudioOutput, AudioOutputListener } from './audio-output.js';

/** Options of {@link clockPlayback}. */
export interface ClockPlaybackOptions {
  /** Clock in ms. @default performance.now */
  now?: () => number;
}

interface Item {
  itemId: string;
  contentIndex: number;
  rate: number;
  received: number;
  played: number;
  ended: boolean;
  started: boolean;
}

/**
 * An {@link AudioOutput} that plays by the clock instead of a sound card.
 * @example
 * const transport = websocketTransport({ playback: clockPlayback() });
 * // after 700 ms of a 3 s answer: session.interrupt() → conversation.item.truncate audio_end_ms ≈ 700
 */
export function clockPlayback(options: ClockPlaybackOptions = {}): AudioOutput {
  const now = options.now ?? (() => performance.now());
  let listener: AudioOutputListener | null = null;
  let queue: Item[] = [];
  let last = now();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const tick = () => {
    const t = now();
    let budgetMs = Math.max(0, t - last);
    let at = last;
    last = t;
    while (queue.length) {
      const head = queue[0]!;
      const avail = head.received - head.played;
      if (avail > 0 && !head.started) {
        head.started = true;
        listener?.started(head.itemId, at);
      }
      const step = Math.min(avail, Math.floor((budgetMs * head.rate) / 1000));
      head.played += step;
      const usedMs = (step / head.rate) * 1000;
      budgetMs -= usedMs;
      at += usedMs;
      if (head.played >= head.received && head.ended) {
        queue.shift();
        listener?.drained(head.itemId);
        continue;
      }
      break; // playing, or starved until more audio arrives
    }
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const head = queue[0];
    if (!head) return;
    const leftMs = queue.reduce((ms, q) => ms + ((q.received - q.played) / q.rate) * 1000, 0);
    timer = setTimeout(
      () => {
        timer = null;
        tick();
        schedule();
      },
      Math.max(1, Math.ceil(leftMs)),
    );
    (timer as { unref?: () => void }).unref?.();
  };

  const position = (): PlaybackPosition | null => {
    tick();
    const head = queue[0];
    if (!head) return null;
    return {
      itemId: head.itemId,
      contentIndex: head.contentIndex,
      playedMs: (head.played / head.rate) * 1000,
      queuedMs: ((head.received - head.played) / head.rate) * 1000,
    };
  };

  return {
    listen(l) {
      listener = l;
    },
    push(chunk: AudioChunk) {
      tick();
      let item = queue.find((q) => q.itemId === chunk.itemId && q.contentIndex === chunk.contentIndex);
      if (!item) {
        item = {
          itemId: chunk.itemId,
          contentIndex: chunk.contentIndex,
          rate: chunk.sampleRate,
          received: 0,
          played: 0,
          ended: false,
          started: false,
        };
        queue.push(item);
      }
      item.received += chunk.data.length;
      tick();
      schedule();
    },
    end(itemId, contentIndex) {
      tick();
      const item = queue.find((q) => q.itemId === itemId && q.contentIndex === contentIndex);
      if (item) item.ended = true;
      tick();
      schedule();
    },
    position,
    flush() {
      const pos = position();
      queue = [];
      if (timer) clearTimeout(timer);
      timer = null;
      return pos;
    },
    close() {
      queue = [];
      if (timer) clearTimeout(timer);
      timer = null;
      listener = null;
    },
  };
}
