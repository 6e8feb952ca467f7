/**
 * Text → speech for assistant audio: espeak-ng when installed, the built-in formant synthesizer
 * otherwise, with an LRU cache (the default brain repeats itself a lot).
 * @module
 */
import type { Voice } from '@realtime-agents/core';
import { espeakSpeech } from './espeak.js';
import { formantSpeech } from './formant.js';

/** Turns response text into PCM16 mono 24 kHz. Pluggable via `startEmulator({ synthesizer })`. */
export interface SpeechSynthesizer {
  synthesize(text: string, voice: Voice, speed: number): Promise<Int16Array>;
}

/** Options of {@link createSynthesizer}. */
export interface SynthesizerOptions {
  /** Which engine: `auto` uses espeak-ng when installed. @default 'auto' */
  engine?: 'auto' | 'espeak' | 'formant';
  /** Cached utterances. @default 256 */
  cacheSize?: number;
}

const HIGH_VOICES = new Set(['coral', 'shimmer', 'sage', 'marin', 'ballad']);

/**
 * Create the default synthesizer.
 * @example
 * const synth = createSynthesizer();
 * const pcm = await synth.synthesize('Hello!', 'alloy', 1);
 */
export function createSynthesizer(options: SynthesizerOptions = {}): SpeechSynthesizer {
  const engine = options.engine ?? 'auto';
  const cacheSize = options.cacheSize ?? 256;
  const cache = new Map<string, Promise<Int16Array>>();
  const run = async (text: string, voice: Voice, speed: number): Promise<Int16Array> => {
    if (!text.trim()) return new Int16Array(0);
    if (engine !== 'formant') {
      const name = typeof voice === 'string' ? voice : 'alloy';
      let pcm: Int16Array | null = null;
      try {
        pcm = await espeakSpeech(text, { pitch: HIGH_VOICES.has(name) ? 68 : 42, speed });
      } catch (error) {
        if (engine === 'espeak') throw error; // 'auto' falls back to the formant synthesizer
      }
      if (pcm) return pcm;
      if (engine === 'espeak')
        throw new Error('espeak-ng is not installed (it is an optional dependency of the emulator)');
    }
    return formantSpeech(text, speed);
  };
  return {
    synthesize(text, voice, speed) {
      const key = `${JSON.stringify(voice)}|${speed}|${text}`;
      let hit = cache.get(key);
      if (hit) {
        cache.delete(key);
      } else {
        hit = run(text, voice, speed);
        hit.catch(() => cache.delete(key));
      }
      cache.set(key, hit);
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
      return hit;
    },
  };
}
