/**
 * Input held while the session reconnects, in the order it was given: client events, and
 * `sendAudio()` audio up to a bound (the oldest audio is dropped beyond it, and the user is told
 * how much). Order matters: a push-to-talk commit must reach the server after its audio.
 * @module
 */
import type { ClientEvent } from './protocol/client-events.js';

/** Where held input goes once connected again. */
export interface HoldTarget {
  send(event: ClientEvent): void;
  sendAudio(pcm16: Int16Array): void;
}

type Held = { event: ClientEvent } | { audio: Int16Array };

/**
 * The hold of one session.
 * @example
 * const hold = new ReconnectHold(5000, 24000);
 * hold.audio(samples); hold.event(commit);
 * const { droppedMs } = hold.release({ send, sendAudio }); // audio, then the commit
 */
export class ReconnectHold {
  readonly #maxSamples: number;
  readonly #sampleRate: number;
  #held: Held[] = [];
  #samples = 0;
  #dropped = 0;

  constructor(bufferMs: number, sampleRate: number) {
    this.#maxSamples = Math.round((bufferMs / 1000) * sampleRate);
    this.#sampleRate = sampleRate;
  }

  /** Samples of audio held now. */
  get samples(): number {
    return this.#samples;
  }

  event(event: ClientEvent): void {
    this.#held.push({ event });
  }

  /** Keep a copy of `samples` (the caller may reuse its buffer); beyond the bound the oldest audio goes. */
  audio(samples: Int16Array): void {
    this.#held.push({ audio: samples.slice() });
    this.#samples += samples.length;
    for (let i = 0; this.#samples > this.#maxSamples && i < this.#held.length; ) {
      const h = this.#held[i] as Held;
      if (!('audio' in h)) {
        i++;
        continue;
      }
      const over = this.#samples - this.#maxSamples;
      const cut = Math.min(over, h.audio.length);
      this.#samples -= cut;
      this.#dropped += cut;
      if (cut === h.audio.length) this.#held.splice(i, 1);
      else h.audio = h.audio.subarray(cut);
    }
  }

  /** Send everything held, in order; returns the milliseconds of audio that did not fit. */
  release(target: HoldTarget): { droppedMs: number } {
    const held = this.#held;
    const dropped = this.#dropped;
    this.clear();
    for (const h of held) {
      if ('event' in h) target.send(h.event);
      else target.sendAudio(h.audio);
    }
    return { droppedMs: Math.round((dropped / this.#sampleRate) * 1000) };
  }

  /** Forget everything held (the session closed). */
  clear(): void {
    this.#held = [];
    this.#samples = 0;
    this.#dropped = 0;
  }
}
