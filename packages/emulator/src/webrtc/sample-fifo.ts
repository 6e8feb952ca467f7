/**
 * A FIFO of PCM16 samples made of the chunks pushed into it (no re-copying on push); reads take
 * exactly `n` samples, zero-padded when fewer are left.
 * @module
 */
export class SampleFifo {
  #chunks: Int16Array[] = [];
  /** Read position inside the first chunk. */
  #offset = 0;
  #length = 0;

  /** Samples available. */
  get length(): number {
    return this.#length;
  }

  push(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.#chunks.push(samples);
    this.#length += samples.length;
  }

  /** Take `n` samples (zero-padded at the end if fewer are available). */
  read(n: number): Int16Array {
    const out = new Int16Array(n);
    let filled = 0;
    while (filled < n && this.#chunks.length > 0) {
      const head = this.#chunks[0]!;
      const take = Math.min(n - filled, head.length - this.#offset);
      out.set(head.subarray(this.#offset, this.#offset + take), filled);
      filled += take;
      this.#offset += take;
      this.#length -= take;
      if (this.#offset === head.length) {
        this.#chunks.shift();
        this.#offset = 0;
      }
    }
    return out;
  }

  clear(): void {
    this.#chunks = [];
    this.#offset = 0;
    this.#length = 0;
  }
}
