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
  const offStarted = player.on('started', (e) => listener?.started(e.itemId, e.atMs));
  const offDrained = player.on('drained', (e) => listener?.drained(e.itemId));
  const key = (itemId: string, contentIndex: number) => `${itemId}\u0000${contentIndex}`;
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
    },
    position(): PlaybackPosition | null {
      return strip(player.position());
    },
    flush(): PlaybackPosition | null {
      resamplers.clear();
      return strip(player.flush());
    },
    close() {
      offStarted();
      offDrained();
      resamplers.clear();
      listener = null;
      if (options.ownsPlayer !== false) player.close();
      else player.flush();
    },
  };
}
