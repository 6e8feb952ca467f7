/**
 * The browser output: assistant audio through the audio package's AudioWorklet player, whose
 * rendered-sample counts make truncation exact.
 * @module
 */
import type { Player } from '@realtime-agents/audio';
import { Resampler } from '@realtime-agents/audio/codecs';
import type { AudioChunk, PlaybackPosition } from '@realtime-agents/core';
import type { AudioOutput, AudioOutputListener } from './audio-output.js';

const strip = (p: { itemId: string; contentIndex: number; playedMs: number; queuedMs: number } | null) =>
  p ? { itemId: p.itemId, contentIndex: p.contentIndex, playedMs: p.playedMs, queuedMs: p.queuedMs } : null;

/**
 * Wrap a {@link Player} as an {@link AudioOutput}. Audio at another rate than the player's (a
 * session switched between PCM and G.711) is resampled per item.
 * @example
 * const player = await createPlayer({ sampleRate: 24000 });
 * websocketTransport({ playback: playerOutput(player) }); // your player, e.g. shared with a visualizer
 */
export function playerOutput(player: Player, options: { ownsPlayer?: boolean } = {}): AudioOutput {
  let listener: AudioOutputListener | null = null;
  const resamplers = new Map<string, Resampler>();
  // The player also drains when the network starves it mid-answer; only the drain after the
  // item's last audio (`end`) is the end of playback.
  const ended = new Set<string>();
  const key = (itemId: string, contentIndex: number) => `${itemId}\u0000${contentIndex}`;
  // The item whose audio is still coming: while the player is starved `player.position()` is null,
  // but a barge-in must still truncate it.
  let current: { itemId: string; contentIndex: number } | null = null;
  const offStarted = player.on('started', (e) => listener?.started(e.itemId, e.atMs));
  const offDrained = player.on('drained', (e) => {
    if (!ended.delete(key(e.itemId, e.contentIndex))) return;
    if (current?.itemId === e.itemId && current.contentIndex === e.contentIndex) current = null;
    listener?.drained(e.itemId);
  });
  const position = () =>
    strip(player.position() ?? (current ? player.positionOf(current.itemId, current.contentIndex) : null));
  return {
    listen(l) {
      listener = l;
    },
    push(chunk: AudioChunk) {
      let data = chunk.data;
      if (chunk.sampleRate !== player.sampleRate) {
        const k = key(chunk.itemId, chunk.contentIndex);
        let r = resamplers.get(k);
        if (!r) {
          r = new Resampler(chunk.sampleRate, player.sampleRate);
          resamplers.set(k, r);
        }
        data = r.process(data) as Int16Array;
      }
      player.enqueue(data, { itemId: chunk.itemId, contentIndex: chunk.contentIndex });
      current = { itemId: chunk.itemId, contentIndex: chunk.contentIndex };
    },
    end(itemId, contentIndex) {
      const k = key(itemId, contentIndex);
      const r = resamplers.get(k);
      if (r) {
        resamplers.delete(k);
        const tail = r.flush('int16') as Int16Array;
        if (tail.length) player.enqueue(tail, { itemId, contentIndex });
      }
      player.end({ itemId, contentIndex });
      const pos = player.positionOf(itemId, contentIndex);
      if (pos && pos.queuedMs === 0 && !player.playing) {
        // starved, then done: everything was played already
        if (current?.itemId === itemId && current.contentIndex === contentIndex) current = null;
        listener?.drained(itemId);
      } else ended.add(k);
    },
    position(): PlaybackPosition | null {
      return position();
    },
    flush(): PlaybackPosition | null {
      const fallback = position();
      resamplers.clear();
      ended.clear();
      current = null;
      return strip(player.flush()) ?? fallback;
    },
    close() {
      offStarted();
      offDrained();
      resamplers.clear();
      ended.clear();
      current = null;
      listener = null;
      if (options.ownsPlayer !== false) player.close();
      else player.flush();
    },
  };
}
