/**
 * The capture pipeline behind mic captures and taps: source node → capture worklet (mono blocks at
 * the context rate) → streaming resampler → fixed-length PCM16 frames → optional G.711, with levels.
 * The source node can be swapped at any time without a gap in frame numbering or timing.
 * @module
 */
import type { CaptureBlockMessage } from './capture.worklet.js';
import { assertOpen } from './context.js';
import { Emitter } from './emitter.js';
import { AudioError } from './errors.js';
import type { AudioFrame, AudioLevel, FrameOptions } from './frame.js';
import { peakDbfs, rmsDbfs, SILENCE_DBFS } from './level.js';
import { type AudioEncoding, float32ToPcm16, int16ToBytes } from './pcm.js';
import { Resampler } from './resampler.js';
import { loadWorklet, type WorkletSource } from './worklets.js';

/** Events of captures and taps. */
export interface CaptureEvents {
  frame: AudioFrame;
  level: AudioLevel;
  error: AudioError;
}

/**
 * The capture worklet's processor name (its `CAPTURE_PROCESSOR`), as a literal: importing it would put
 * the worklet's code in every bundle, where only the blob fallback needs it.
 */
export const CAPTURE_PROCESSOR_NAME = 'realtime-agents-capture';

const ENCODINGS: readonly AudioEncoding[] = ['pcm16', 'g711_ulaw', 'g711_alaw'];

/** Validated frame options with defaults applied. */
export function resolveFrameOptions(o: FrameOptions): {
  sampleRate: number;
  frameMs: number;
  encoding: AudioEncoding;
} {
  const encoding = o.encoding ?? 'pcm16';
  if (!ENCODINGS.includes(encoding)) {
    throw new AudioError(
      'invalid_argument',
      `encoding must be 'pcm16', 'g711_ulaw' or 'g711_alaw', got ${JSON.stringify(encoding)}.`,
    );
  }
  const sampleRate = o.sampleRate ?? (encoding === 'pcm16' ? 24000 : 8000);
  if (!Number.isInteger(sampleRate) || sampleRate < 3000 || sampleRate > 384000) {
    throw new AudioError(
      'invalid_sample_rate',
      `sampleRate must be a whole number of Hz between 3000 and 384000 (24000 for pcm16, 8000 for G.711), got ${String(sampleRate)}.`,
    );
  }
  if (encoding !== 'pcm16' && sampleRate !== 8000) {
    throw new AudioError(
      'invalid_sample_rate',
      `G.711 (${encoding}) audio is 8000 Hz; got sampleRate ${sampleRate}. Omit sampleRate or set it to 8000.`,
    );
  }
  const frameMs = o.frameMs ?? 20;
  const frameSamples = (sampleRate * frameMs) / 1000;
  if (!(frameMs > 0) || !Number.isInteger(frameSamples)) {
    throw new AudioError(
      'invalid_argument',
      `frameMs must be positive and give a whole number of samples at ${sampleRate} Hz (e.g. 10, 20, 40), got ${String(frameMs)}.`,
    );
  }
  return { sampleRate, frameMs, encoding };
}

/** PCM16 → wire bytes; the G.711 code is imported only by a capture that asks for it. */
async function frameEncoder(encoding: AudioEncoding): Promise<(pcm: Int16Array) => Uint8Array> {
  if (encoding === 'pcm16') return int16ToBytes;
  const g711 = await import('./g711.js');
  return encoding === 'g711_ulaw' ? g711.mulawEncode : g711.alawEncode;
}

/** Internal: one running capture pipeline in a context. */
export class CapturePipeline extends Emitter<CaptureEvents> {
  readonly context: BaseAudioContext;
  readonly sampleRate: number;
  readonly frameMs: number;
  readonly encoding: AudioEncoding;
  readonly workletSource: WorkletSource;
  muted = false;
  /** Main-thread milliseconds spent resampling/framing/encoding (for benchmarks). */
  cpuMs = 0;
  /** Context frames the worklet was not run for (filled with silence to keep timestamps exact). */
  gapFrames = 0;
  readonly #node: AudioWorkletNode;
  readonly #resampler: Resampler;
  readonly #encode: (pcm: Int16Array) => Uint8Array;
  readonly #frameSamples: number;
  #pending: Int16Array;
  #fill = 0;
  #index = 0;
  #firstFrame = -1;
  #nextFrame = 0;
  #emitted = 0;
  #source: AudioNode | null = null;
  #closed = false;

  private constructor(
    context: BaseAudioContext,
    node: AudioWorkletNode,
    opts: { sampleRate: number; frameMs: number; encoding: AudioEncoding },
    source: WorkletSource,
    encode: (pcm: Int16Array) => Uint8Array,
  ) {
    super();
    this.context = context;
    this.sampleRate = opts.sampleRate;
    this.frameMs = opts.frameMs;
    this.encoding = opts.encoding;
    this.workletSource = source;
    this.#node = node;
    this.#encode = encode;
    this.#resampler = new Resampler(context.sampleRate, opts.sampleRate);
    this.#frameSamples = (opts.sampleRate * opts.frameMs) / 1000;
    this.#pending = new Int16Array(this.#frameSamples);
    node.port.onmessage = (e: MessageEvent) => this.#onMessage(e.data);
  }

  /** Load the worklet and build the pipeline (no source connected yet). */
  static async create(context: BaseAudioContext, options: FrameOptions): Promise<CapturePipeline> {
    const opts = resolveFrameOptions(options);
    const encode = await frameEncoder(opts.encoding);
    assertOpen(context, 'capture');
    const source = await loadWorklet(context, 'capture');
    assertOpen(context, 'capture');
    const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions: { blockSize: 128 },
    });
    const p = new CapturePipeline(context, node, opts, source, encode);
    if (options.onFrame) p.on('frame', options.onFrame);
    if (options.onLevel) p.on('level', options.onLevel);
    return p;
  }

  /** Connect a new source (disconnecting the previous one); frames continue seamlessly. */
  setSource(node: AudioNode | null): void {
    if (this.#closed) throw new AudioError('closed', 'This capture is closed; create a new one.');
    if (this.#source) {
      try {
        this.#source.disconnect(this.#node);
      } catch {
        // already disconnected
      }
    }
    this.#source = node;
    node?.connect(this.#node);
  }

  /** Frames emitted so far. */
  get framesEmitted(): number {
    return this.#emitted;
  }

  #onMessage(m: CaptureBlockMessage | { type: 'error'; message: string }): void {
    if (this.#closed) return;
    if (m.type === 'error') {
      this.emit('error', new AudioError('worklet_load_failed', `Capture worklet failed: ${m.message}`));
      return;
    }
    const t0 = performance.now();
    if (this.#firstFrame < 0) this.#nextFrame = this.#firstFrame = m.frame;
    const gap = m.frame - this.#nextFrame;
    if (gap > 0) {
      // the audio thread skipped this node for a while: keep the timeline by filling silence
      // (at most 1 s at a time; frames then continue with exact timestamps)
      this.gapFrames += gap;
      for (let left = gap; left > 0; left -= this.context.sampleRate) {
        this.#consume(new Float32Array(Math.min(left, this.context.sampleRate)));
      }
    }
    this.#nextFrame = m.frame + m.samples.length;
    if (this.muted) m.samples.fill(0);
    this.#consume(m.samples);
    this.cpuMs += performance.now() - t0;
  }

  #consume(samples: Float32Array): void {
    const out = float32ToPcm16(this.#resampler.process(samples));
    let i = 0;
    while (i < out.length) {
      const take = Math.min(out.length - i, this.#frameSamples - this.#fill);
      this.#pending.set(out.subarray(i, i + take), this.#fill);
      this.#fill += take;
      i += take;
      if (this.#fill === this.#frameSamples) this.#emitFrame();
    }
  }

  #emitFrame(): void {
    const pcm = this.#pending;
    this.#pending = new Int16Array(this.#frameSamples);
    this.#fill = 0;
    const index = this.#index++;
    const firstSample = index * this.#frameSamples;
    const time =
      (this.#firstFrame + (firstSample * this.context.sampleRate) / this.sampleRate) /
      this.context.sampleRate;
    const muted = this.muted;
    const rms = muted ? SILENCE_DBFS : rmsDbfs(pcm);
    const peak = muted ? SILENCE_DBFS : peakDbfs(pcm);
    const frame: AudioFrame = {
      pcm,
      data: this.#encode(pcm),
      encoding: this.encoding,
      sampleRate: this.sampleRate,
      index,
      time,
      rmsDbfs: rms,
      peakDbfs: peak,
      muted,
    };
    this.#emitted++;
    this.emit('frame', frame);
    this.emit('level', { rmsDbfs: rms, peakDbfs: peak, time });
  }

  /** Report a problem as an `error` event. */
  fail(error: AudioError): void {
    this.emit('error', error);
  }

  /** Stop the worklet and drop listeners. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#source?.disconnect(this.#node);
    } catch {
      // already disconnected
    }
    this.#source = null;
    this.#node.port.postMessage({ type: 'stop' });
    this.#node.port.onmessage = null;
    this.#node.port.close();
    this.removeAllListeners();
  }
}
