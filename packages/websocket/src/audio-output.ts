/**
 * Where assistant audio goes and how much of it was heard. The transport asks its output for the
 * played position on barge-in and `interrupt()`, so truncation is exact when the output really
 * counts rendered samples (the browser player) and honest when it cannot (Node).
 * @module
 */
import type { AudioChunk, PlaybackPosition } from '@realtime-agents/core';

/** Callbacks an output calls; the transport forwards them to the session (metrics, `audio_end`). */
export interface AudioOutputListener {
  /** The first sample of an item was heard; `atMs` on the `performance.now()` clock. */
  started(itemId: string, atMs: number): void;
  /** Everything queued has been played. */
  drained(itemId: string): void;
}

/**
 * A sink for assistant audio that knows what was really played. Pass your own as
 * `websocketTransport({ playback })` when your app plays the audio (a Node speaker module, a phone
 * bridge) and can count played samples.
 * @example
 * const transport = websocketTransport({ playback: clockPlayback() }); // Node: simulate a real-time speaker
 */
export interface AudioOutput {
  /** Set by the transport before any audio arrives. */
  listen(listener: AudioOutputListener): void;
  /** Queue decoded audio of an item (PCM16 mono at `chunk.sampleRate`). */
  push(chunk: AudioChunk): void;
  /** No more audio will arrive for this item (`response.output_audio.done`). */
  end(itemId: string, contentIndex: number): void;
  /** Where the item being heard stands, or null when nothing plays or is queued. */
  position(): PlaybackPosition | null;
  /** Stop at once, drop everything queued, return the position reached (null if nothing played). */
  flush(): PlaybackPosition | null;
  /** Release resources. Called by the transport only for outputs it created. */
  close(): void;
}

interface Received {
  itemId: string;
  contentIndex: number;
  samples: number;
  rate: number;
}

/**
 * The Node default (no speaker): audio counts as played the moment it is received. `position()`
 * reports the item still being received (from its first delta to `response.output_audio.done`)
 * with everything received as played, so a barge-in or `interrupt()` during generation truncates
 * at what the server sent, and nothing is truncated after the item's audio is complete. Plug in
 * {@link clockPlayback} or your own {@link AudioOutput} when something really plays the audio.
 * @example
 * websocketTransport({ playback: receivedAsPlayed() }); // the same as the Node default
 */
export function receivedAsPlayed(): AudioOutput {
  let listener: AudioOutputListener | null = null;
  let current: Received | null = null;
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  const pos = (r: Received): PlaybackPosition => ({
    itemId: r.itemId,
    contentIndex: r.contentIndex,
    playedMs: (r.samples / r.rate) * 1000,
    queuedMs: 0,
  });
  return {
    listen(l) {
      listener = l;
    },
    push(chunk) {
      if (!current || current.itemId !== chunk.itemId || current.contentIndex !== chunk.contentIndex) {
        current = {
          itemId: chunk.itemId,
          contentIndex: chunk.contentIndex,
          samples: 0,
          rate: chunk.sampleRate,
        };
        listener?.started(chunk.itemId, now());
      }
      current.samples += chunk.data.length;
    },
    end(itemId, contentIndex) {
      if (current && current.itemId === itemId && current.contentIndex === contentIndex) {
        current = null;
        listener?.drained(itemId);
      }
    },
    position() {
      return current ? pos(current) : null;
    },
    flush() {
      const p = current ? pos(current) : null;
      current = null;
      return p;
    },
    close() {
      current = null;
      listener = null;
    },
  };
}
