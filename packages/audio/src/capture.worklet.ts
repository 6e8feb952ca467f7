/**
 * AudioWorklet module of the capture processor (static file, loadable under a strict CSP). It has no
 * imports so it also works when a bundler copies it verbatim; the main thread imports it only to
 * serialize `registerCaptureProcessor` for the blob fallback.
 *
 * The processor downmixes its input
 * to mono and posts Float32 blocks (stamped with the context frame of their first sample) to the
 * main thread. It never throws: an exception is reported once on the port and the block is dropped.
 * @module
 */

/** Name the capture processor registers under. */
export const CAPTURE_PROCESSOR = 'realtime-agents-capture';

/** Message the capture processor posts for every block. */
export interface CaptureBlockMessage {
  type: 'block';
  /** Context frame index of `samples[0]`. */
  frame: number;
  samples: Float32Array;
}

/** Registers the capture processor in the current AudioWorkletGlobalScope. Self-contained. */
export function registerCaptureProcessor(): void {
  // Globals of AudioWorkletGlobalScope, typed locally (the DOM lib does not declare them).
  const scope = globalThis as unknown as {
    AudioWorkletProcessor: new () => { readonly port: MessagePort };
    registerProcessor(name: string, ctor: unknown): void;
    currentFrame: number;
  };
  const Base = scope.AudioWorkletProcessor;
  class CaptureProcessor extends Base {
    declare block: number;
    declare buf: Float32Array;
    declare fill: number;
    declare start: number;
    declare stopped: boolean;
    declare failed: boolean;
    constructor(options?: { processorOptions?: { blockSize?: number } }) {
      super();
      const size = Math.floor(options?.processorOptions?.blockSize ?? 128);
      this.block = size >= 1 ? size : 128;
      this.buf = new Float32Array(this.block);
      this.fill = 0;
      this.start = 0;
      this.stopped = false;
      this.failed = false;
      this.port.onmessage = (e: MessageEvent) => {
        if (e.data && e.data.type === 'stop') this.stopped = true;
      };
    }
    process(inputs: Float32Array[][]): boolean {
      if (this.stopped) return false;
      try {
        const input = inputs[0] ?? [];
        const channels = input.length;
        const n = channels > 0 ? input[0]!.length : 128;
        const frame0 = scope.currentFrame || 0;
        for (let i = 0; i < n; i++) {
          if (this.fill === 0) this.start = frame0 + i;
          let v = 0;
          for (let c = 0; c < channels; c++) v += input[c]![i]!;
          this.buf[this.fill++] = channels > 1 ? v / channels : v;
          if (this.fill === this.block) {
            const samples = this.buf;
            this.port.postMessage({ type: 'block', frame: this.start, samples }, [samples.buffer]);
            this.buf = new Float32Array(this.block);
            this.fill = 0;
          }
        }
      } catch (err) {
        if (!this.failed) {
          this.failed = true;
          this.port.postMessage({ type: 'error', message: String(err) });
        }
        this.fill = 0;
      }
      return true;
    }
  }
  scope.registerProcessor('realtime-agents-capture', CaptureProcessor); // literal: this function is serialized
}

// Inside an AudioWorkletGlobalScope (not when the main thread imports this module): register.
if (typeof (globalThis as { registerProcessor?: unknown }).registerProcessor === 'function')
  registerCaptureProcessor();
