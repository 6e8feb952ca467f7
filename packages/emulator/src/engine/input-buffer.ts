/**
 * The input audio buffer: PCM16 24 kHz written since the last commit or clear, positioned on the
 * session's audio clock (ms since the first sample written), so VAD can commit exact segments.
 * @module
 */

/** Uncommitted user audio. */
export class InputBuffer {
  #chunks: Int16Array[] = [];
  #start = 0; // absolute sample index of the first buffered sample
  #total = 0; // samples written in the whole session

  /** Samples written in the whole session. */
  get totalSamples(): number {
    return this.#total;
  }

  /** Absolute sample index where the buffer begins. */
  get startSample(): number {
    return this.#start;
  }

  /** Buffered milliseconds. */
  get bufferedMs(): number {
    return (this.#total - this.#start) / 24;
  }

  append(samples: Int16Array): void {
    if (!samples.length) return;
    this.#chunks.push(samples);
    this.#total += samples.length;
  }

  /** Copy of absolute samples [from, to) that are still buffered. */
  slice(from: number, to: number): Int16Array {
    const start = Math.max(from, this.#start);
    const end = Math.min(to, this.#total);
    const out = new Int16Array(Math.max(0, end - start));
    let pos = this.#start;
    for (const chunk of this.#chunks) {
      const cStart = pos;
      const cEnd = pos + chunk.length;
      pos = cEnd;
      if (cEnd <= start || cStart >= end) continue;
      const a = Math.max(start, cStart);
      const b = Math.min(end, cEnd);
      out.set(chunk.subarray(a - cStart, b - cStart), a - start);
    }
    return out;
  }

  /** Drop everything before absolute sample `upTo` (everything when omitted). */
  drop(upTo: number = this.#total): void {
    const target = Math.min(upTo, this.#total);
    while (this.#chunks.length && this.#start + this.#chunks[0]!.length <= target) {
      this.#start += this.#chunks.shift()!.length;
    }
    if (this.#chunks.length && this.#start < target) {
      this.#chunks[0] = this.#chunks[0]!.subarray(target - this.#start);
      this.#start = target;
    }
    if (!this.#chunks.length) this.#start = this.#total;
  }
}
