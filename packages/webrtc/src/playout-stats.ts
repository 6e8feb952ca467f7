/**
 * How much of what the remote track rendered was *not* the server's audio: samples the jitter
 * buffer invented (loss/late-packet concealment, stretching to slow down) minus those it dropped
 * to catch up. Under load or jitter the track plays more (or less) time than the content it
 * received; subtracting this keeps the played position a position in the item's audio.
 * Also estimates the jitter buffer's depth (audio received but not yet heard). Polled from
 * `RTCRtpReceiver.getStats()` (inbound-rtp) while the assistant is speaking.
 * @module
 */

/** Stats fields used (Chromium's inbound-rtp audio). */
interface InboundAudio {
  type: string;
  kind?: string;
  codecId?: string;
  concealedSamples?: number;
  silentConcealedSamples?: number;
  insertedSamplesForDeceleration?: number;
  removedSamplesForAcceleration?: number;
  jitterBufferDelay?: number;
  jitterBufferEmittedCount?: number;
}

/**
 * Cumulative non-content playout (ms) of one receiver, refreshed every `intervalMs` while running.
 * @example
 * const stats = new PlayoutStats(transceiver.receiver);
 * stats.start(); … const extra = stats.extraMs; … stats.stop();
 */
export class PlayoutStats {
  readonly #receiver: RTCRtpReceiver;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | null = null;
  #extraMs = 0;
  #bufferedMs = 0;
  #lastDelay = 0;
  #lastEmitted = 0;
  #polling = false;

  constructor(receiver: RTCRtpReceiver, intervalMs = 100) {
    this.#receiver = receiver;
    this.#intervalMs = intervalMs;
  }

  /** Non-content playout so far in ms (non-silent concealment + stretching − skipping). */
  get extraMs(): number {
    return this.#extraMs;
  }

  /** Average time the recently played samples waited in the jitter buffer (received, not yet heard), ms. */
  get bufferedMs(): number {
    return this.#bufferedMs;
  }

  /** Start polling (idempotent); polls once at once. */
  start(): void {
    if (this.#timer) return;
    void this.poll();
    this.#timer = setInterval(() => void this.poll(), this.#intervalMs);
  }

  /** Stop polling (idempotent). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Read the stats once. */
  async poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const report = await this.#receiver.getStats();
      let inbound: InboundAudio | undefined;
      let clockRate = 48000;
      report.forEach((r: InboundAudio & { clockRate?: number; id?: string }) => {
        if (r.type === 'inbound-rtp' && (r.kind === 'audio' || r.kind === undefined)) inbound = r;
      });
      if (!inbound) return;
      const codec = inbound.codecId
        ? (report.get(inbound.codecId) as { clockRate?: number } | undefined)
        : undefined;
      if (codec?.clockRate) clockRate = codec.clockRate;
      // idle gaps (no RTP between answers) are concealed with silence: not counted
      const invented =
        (inbound.concealedSamples ?? 0) -
        (inbound.silentConcealedSamples ?? 0) +
        (inbound.insertedSamplesForDeceleration ?? 0) -
        (inbound.removedSamplesForAcceleration ?? 0);
      this.#extraMs = (invented / clockRate) * 1000;
      const delay = inbound.jitterBufferDelay ?? 0;
      const emitted = inbound.jitterBufferEmittedCount ?? 0;
      if (emitted > this.#lastEmitted) {
        this.#bufferedMs = ((delay - this.#lastDelay) / (emitted - this.#lastEmitted)) * 1000;
        this.#lastDelay = delay;
        this.#lastEmitted = emitted;
      }
    } catch {
      // receiver gone (closing): keep the last value
    } finally {
      this.#polling = false;
    }
  }
}
