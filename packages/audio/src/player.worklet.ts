/**
 * AudioWorklet module of the player processor (static file, loadable under a strict CSP). It has no
 * imports so it also works when a bundler copies it verbatim; the main thread imports it only to
 * serialize `registerPlayerProcessor` for the blob fallback.
 *
 * The processor plays queued Float32 segments, each tagged with a numeric segment id, through a small jitter
 * buffer, and reports exactly how many samples of each segment it rendered: `progress` after every
 * quantum that played something, `started` at a segment's first rendered sample, `drained` when the
 * queue runs dry, `flushed` after a flush (which silences from the next quantum on).
 * It never throws inside the audio thread.
 * @module
 */

/** Name the player processor registers under. */
export const PLAYER_PROCESSOR = 'realtime-agents-player';

/** Messages main → player processor. */
export type PlayerInMessage =
  | { type: 'push'; seg: number; samples: Float32Array }
  | { type: 'end'; seg: number }
  | { type: 'flush' }
  | { type: 'config'; prebuffer: number }
  | { type: 'stop' };

/** Messages player processor → main. `frame` values are context frame indexes. */
export type PlayerOutMessage =
  | { type: 'started'; seg: number; frame: number }
  | {
      type: 'progress';
      seg: number;
      played: number;
      frame: number;
      queued: number;
      rms: number;
      peak: number;
    }
  | { type: 'drained'; seg: number; played: number; frame: number }
  | { type: 'flushed'; seg: number; played: number; frame: number; dropped: number }
  | { type: 'error'; message: string };

/** Registers the player processor in the current AudioWorkletGlobalScope. Self-contained. */
export function registerPlayerProcessor(): void {
  const scope = globalThis as unknown as {
    AudioWorkletProcessor: new () => { readonly port: MessagePort };
    registerProcessor(name: string, ctor: unknown): void;
    currentFrame: number;
  };
  interface Seg {
    seg: number;
    data: Float32Array;
    off: number;
  }
  const Base = scope.AudioWorkletProcessor;
  class PlayerProcessor extends Base {
    declare queue: Seg[];
    declare queued: number;
    declare played: Map<number, number>;
    declare ended: Set<number>;
    declare prebuffer: number;
    declare state: 'idle' | 'buffering' | 'playing';
    declare waited: number;
    declare flushPending: boolean;
    declare stopped: boolean;
    declare failed: boolean;
    declare lastSeg: number;
    constructor(options?: { processorOptions?: { prebuffer?: number } }) {
      super();
      this.queue = [];
      this.queued = 0;
      this.played = new Map();
      this.ended = new Set();
      this.prebuffer = 0;
      this.setPrebuffer(options?.processorOptions?.prebuffer);
      this.state = 'idle';
      this.waited = 0;
      this.flushPending = false;
      this.stopped = false;
      this.failed = false;
      this.lastSeg = -1;
      this.port.onmessage = (e: MessageEvent) => {
        try {
          this.onMessage(e.data);
        } catch (err) {
          this.report(err);
        }
      };
    }
    report(err: unknown): void {
      if (this.failed) return;
      this.failed = true;
      this.port.postMessage({ type: 'error', message: String(err) });
    }
    /** Ignores anything but a number (NaN would stall the jitter buffer forever). */
    setPrebuffer(v: unknown): void {
      if (typeof v === 'number' && !Number.isNaN(v)) this.prebuffer = Math.max(0, Math.floor(v));
    }
    onMessage(m: PlayerInMessage): void {
      if (!m || typeof m !== 'object') return;
      if (m.type === 'push') {
        if (!(m.samples instanceof Float32Array) || m.samples.length === 0) return;
        // NaN/±Infinity would reach the speakers and stick in downstream filters: play them as 0.
        const x = m.samples;
        for (let k = 0; k < x.length; k++) if (x[k]! - x[k]! !== 0) x[k] = 0;
        this.queue.push({ seg: m.seg, data: m.samples, off: 0 });
        this.queued += m.samples.length;
        if (this.state === 'idle') {
          this.state = 'buffering';
          this.waited = 0;
        }
      } else if (m.type === 'end') {
        this.ended.add(m.seg);
      } else if (m.type === 'flush') {
        this.flushPending = true;
      } else if (m.type === 'config') {
        this.setPrebuffer(m.prebuffer);
      } else if (m.type === 'stop') {
        this.stopped = true;
      }
    }
    process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      if (this.stopped) return false;
      const out = outputs[0]?.[0];
      try {
        if (!out) return true;
        const n = out.length;
        const frame0 = scope.currentFrame || 0;
        if (this.flushPending) {
          this.flushPending = false;
          const head = this.queue[0];
          const seg = head ? head.seg : this.lastSeg;
          const dropped = this.queued;
          this.queue = [];
          this.queued = 0;
          this.state = 'idle';
          this.port.postMessage({
            type: 'flushed',
            seg,
            played: this.played.get(seg) ?? 0,
            frame: frame0,
            dropped,
          });
        }
        if (this.state === 'buffering') {
          const head = this.queue[0];
          const headEnded = head !== undefined && this.ended.has(head.seg);
          if (this.queued >= this.prebuffer || this.waited >= this.prebuffer || headEnded)
            this.state = 'playing';
          else this.waited += n;
        }
        let i = 0;
        let sum = 0;
        let peak = 0;
        let seg = this.lastSeg;
        if (this.state === 'playing') {
          while (i < n && this.queue.length > 0) {
            const s = this.queue[0]!;
            seg = s.seg;
            const before = this.played.get(seg) ?? 0;
            if (before === 0 && s.off === 0)
              this.port.postMessage({ type: 'started', seg, frame: frame0 + i });
            const take = Math.min(n - i, s.data.length - s.off);
            for (let k = 0; k < take; k++) {
              const v = s.data[s.off + k]!;
              out[i + k] = v;
              sum += v * v;
              const a = v < 0 ? -v : v;
              if (a > peak) peak = a;
            }
            s.off += take;
            i += take;
            this.queued -= take;
            this.played.set(seg, before + take);
            if (s.off >= s.data.length) this.queue.shift();
          }
          this.lastSeg = seg;
        }
        for (let k = i; k < n; k++) out[k] = 0;
        for (let c = 1; c < (outputs[0]?.length ?? 0); c++) outputs[0]![c]!.set(out);
        if (i > 0) {
          this.port.postMessage({
            type: 'progress',
            seg,
            played: this.played.get(seg) ?? 0,
            frame: frame0 + n,
            queued: this.queued,
            rms: Math.sqrt(sum / n),
            peak,
          });
        }
        if (this.state === 'playing' && this.queue.length === 0) {
          this.state = 'idle';
          this.port.postMessage({
            type: 'drained',
            seg,
            played: this.played.get(seg) ?? 0,
            frame: frame0 + i,
          });
        }
      } catch (err) {
        this.report(err);
        if (out) out.fill(0);
      }
      return true;
    }
  }
  scope.registerProcessor('realtime-agents-player', PlayerProcessor); // literal: this function is serialized
}

// Inside an AudioWorkletGlobalScope (not when the main thread imports this module): register.
if (typeof (globalThis as { registerProcessor?: unknown }).registerProcessor === 'function')
  registerPlayerProcessor();
