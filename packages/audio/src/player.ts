/**
 * The player: PCM16 (or G.711) frames in → speaker, through a small jitter buffer, counting the
 * samples really rendered per item so an interrupted answer can be truncated exactly.
 * @module
 */
import { assertOpen, createAudioContext, unlockAudio } from './context.js';
import { Emitter } from './emitter.js';
import { AudioError } from './errors.js';
import type { AudioLevel } from './frame.js';
import { linearToDbfs, SILENCE_DBFS } from './level.js';
import { type AudioEncoding, pcm16ToFloat32 } from './pcm.js';
import { decodeAudio } from './wire-encoding.js';
import type { PlayerInMessage, PlayerOutMessage } from './player.worklet.js';
import { Resampler } from './resampler.js';
import { loadWorklet, type WorkletSource } from './worklets.js';

/** The player worklet's processor name (its `PLAYER_PROCESSOR`), as a literal: see `CAPTURE_PROCESSOR_NAME`. */
export const PLAYER_PROCESSOR_NAME = 'realtime-agents-player';

/** Where playback of an item stands (the shape of core's `PlaybackPosition`). */
export interface PlayerPosition {
  itemId: string;
  contentIndex: number;
  /** Milliseconds of this item really rendered. */
  playedMs: number;
  /** Milliseconds of this item received but not yet rendered. */
  queuedMs: number;
  /** Samples of this item really rendered, at the player's input `sampleRate`. */
  playedSamples: number;
}

/** Identifies the item audio belongs to. */
export interface PlayItem {
  itemId: string;
  /** @default 0 */
  contentIndex?: number;
  /** Rate of this chunk; must equal the player's `sampleRate` when given. */
  sampleRate?: number;
}

/** Events of a {@link Player}. */
export interface PlayerEvents {
  /** An item's first sample was rendered. `atMs` estimates when it is heard (performance.now clock). */
  started: { itemId: string; contentIndex: number; time: number; atMs: number };
  /** Everything queued has been played. */
  drained: { itemId: string; contentIndex: number; playedMs: number };
  /** A flush took effect; `position` is exact (samples really rendered). */
  flushed: { position: PlayerPosition | null; time: number };
  /** Output level, about every 50 ms while playing (and one silent reading when it stops). */
  level: AudioLevel;
  error: AudioError;
}

/** Options of {@link createPlayer}. */
export interface PlayerOptions {
  /** Context to play in; by default the player creates one at `sampleRate` (and closes it later). */
  context?: AudioContext;
  /** Rate of the audio you enqueue, in Hz. @default 24000 (8000 for G.711) */
  sampleRate?: number;
  /** Encoding of `Uint8Array` input. @default 'pcm16' */
  encoding?: AudioEncoding;
  /** Audio output device (from {@link listAudioDevices}); where `setSinkId` is supported. */
  sinkId?: string;
  /**
   * Jitter buffer: playback of new audio starts once this much is queued or this long has
   * passed since it arrived, whichever comes first. @default 20
   */
  jitterMs?: number;
  /** Connect to the speakers (`context.destination`). Off for injection-only players. @default true */
  speaker?: boolean;
}

interface Segment {
  seg: number;
  key: string;
  itemId: string;
  contentIndex: number;
  pushed: number;
  played: number;
  reportFrame: number;
  started: boolean;
  resampler: Resampler | null;
}

/**
 * A PCM16 player with exact played-sample counts. Create with {@link createPlayer}.
 * @example
 * const player = await createPlayer({ sampleRate: 24000 });
 * player.enqueue(pcm, { itemId: 'item_1' });
 * player.on('started', (e) => metrics.firstAudio(e.atMs));
 * const pos = player.flush(); // on barge-in: { itemId, contentIndex, playedMs, queuedMs }
 */
export class Player extends Emitter<PlayerEvents> {
  /** The context the player renders in. */
  readonly context: AudioContext;
  /** Rate of the audio you enqueue, in Hz. */
  readonly sampleRate: number;
  /** Encoding of `Uint8Array` input. */
  readonly encoding: AudioEncoding;
  /** How the player worklet was loaded. */
  readonly workletSource: WorkletSource;
  /** The player's output node: connect it to other nodes (taps, MediaStream destinations). */
  readonly output: AudioNode;
  readonly #node: AudioWorkletNode;
  readonly #ownsContext: boolean;
  readonly #rate: number;
  readonly #segs = new Map<string, Segment>();
  readonly #bySeg = new Map<number, Segment>();
  readonly #flushedKeys = new Set<string>();
  #nextSeg = 1;
  #current: Segment | null = null;
  #playing: Segment | null = null;
  #lastPushed: Segment | null = null;
  #level: AudioLevel = { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS, time: 0 };
  #levelAcc = { sum: 0, n: 0, peak: 0, since: 0 };
  #closed = false;

  /** @internal use {@link createPlayer} */
  constructor(init: {
    context: AudioContext;
    ownsContext: boolean;
    node: AudioWorkletNode;
    sampleRate: number;
    encoding: AudioEncoding;
    workletSource: WorkletSource;
  }) {
    super();
    this.context = init.context;
    this.#ownsContext = init.ownsContext;
    this.#node = init.node;
    this.output = init.node;
    this.sampleRate = init.sampleRate;
    this.encoding = init.encoding;
    this.workletSource = init.workletSource;
    this.#rate = init.context.sampleRate;
    this.#node.port.onmessage = (e: MessageEvent) => this.#onMessage(e.data as PlayerOutMessage);
  }

  /**
   * Queue audio of an item: `Int16Array` PCM16, `Float32Array` in [-1, 1], or `Uint8Array` bytes in
   * the player's `encoding`. Audio of items flushed earlier is dropped.
   * Throws `AudioError`: `odd_byte_length`, `invalid_sample_rate`, `invalid_argument`, `context_closed`, `closed`.
   */
  enqueue(audio: Int16Array | Float32Array | Uint8Array, item: PlayItem): void {
    this.#assertUsable();
    if (!item || typeof item.itemId !== 'string') {
      throw new AudioError(
        'invalid_argument',
        'enqueue(audio, { itemId, contentIndex }) needs an itemId string.',
      );
    }
    if (item.sampleRate !== undefined && item.sampleRate !== this.sampleRate) {
      throw new AudioError(
        'invalid_sample_rate',
        `Audio at ${item.sampleRate} Hz was enqueued on a player created for ${this.sampleRate} Hz. ` +
          'Create the player with that sampleRate, or resample() the audio first.',
      );
    }
    let f32: Float32Array;
    if (audio instanceof Float32Array) f32 = audio.slice();
    else if (audio instanceof Int16Array) f32 = pcm16ToFloat32(audio);
    else if (audio instanceof Uint8Array) f32 = pcm16ToFloat32(decodeAudio(audio, this.encoding));
    else {
      throw new AudioError(
        'invalid_argument',
        `enqueue() takes an Int16Array (PCM16), Float32Array or Uint8Array (${this.encoding} bytes), got ${Object.prototype.toString.call(audio)}.`,
      );
    }
    const contentIndex = item.contentIndex ?? 0;
    const key = `${item.itemId}\u0000${contentIndex}`;
    if (this.#flushedKeys.has(key)) return;
    let s = this.#segs.get(key);
    if (!s) {
      if (this.#lastPushed && this.#lastPushed.key !== key) this.#finishResampler(this.#lastPushed);
      s = {
        seg: this.#nextSeg++,
        key,
        itemId: item.itemId,
        contentIndex,
        pushed: 0,
        played: 0,
        reportFrame: 0,
        started: false,
        resampler: this.#rate === this.sampleRate ? null : new Resampler(this.sampleRate, this.#rate),
      };
      this.#segs.set(key, s);
      this.#bySeg.set(s.seg, s);
    }
    this.#lastPushed = s;
    this.#push(s, s.resampler ? s.resampler.process(f32) : f32);
  }

  /**
   * Mark an item complete: its audio plays out without waiting for the jitter buffer to fill. When
   * the player resamples (context rate ≠ `sampleRate`), this also plays the item's last ~1 ms held
   * back by the resampler's look-ahead (so does enqueueing the next item).
   */
  end(item: { itemId: string; contentIndex?: number }): void {
    const s = this.#segs.get(`${item.itemId}\u0000${item.contentIndex ?? 0}`);
    if (!s || this.#closed) return;
    this.#finishResampler(s);
    this.#post({ type: 'end', seg: s.seg });
  }

  /**
   * Stop at once: silences the output from the next render quantum, drops everything queued and
   * any audio that still arrives for the items that were queued. Returns the position of the item
   * being heard (estimated to within about one quantum; the `flushed` event carries the exact
   * count), `playedMs: 0` for an item queued but not yet started, or null if nothing was queued.
   */
  flush(): PlayerPosition | null {
    if (this.#closed) return null;
    const pos = this.position();
    this.#post({ type: 'flush' });
    for (const s of this.#segs.values()) {
      if (s.pushed > s.played || s === this.#current) this.#flushedKeys.add(s.key);
      s.resampler?.reset();
    }
    this.#playing = null;
    this.#current = null;
    return pos;
  }

  /** Position of the item being heard now, or null when nothing plays. */
  position(): PlayerPosition | null {
    const s = this.#playing ?? this.#current;
    if (!s) return null;
    return this.#positionOf(s, s === this.#playing);
  }

  /** Position of any item played or queued so far (null if unknown). */
  positionOf(itemId: string, contentIndex = 0): PlayerPosition | null {
    const s = this.#segs.get(`${itemId}\u0000${contentIndex}`);
    return s ? this.#positionOf(s, s === this.#playing) : null;
  }

  /** Milliseconds queued and not yet rendered, over all items. */
  get queuedMs(): number {
    let queued = 0;
    for (const s of this.#segs.values()) if (!this.#flushedKeys.has(s.key)) queued += s.pushed - s.played;
    return (queued / this.#rate) * 1000;
  }

  /** True while audio is being rendered (between `started` and `drained`/`flushed`). */
  get playing(): boolean {
    return this.#playing !== null;
  }

  /** The latest output level. */
  level(): AudioLevel {
    return this.#level;
  }

  /** Change the jitter buffer (see {@link PlayerOptions.jitterMs}). */
  setJitterMs(ms: number): void {
    if (typeof ms !== 'number' || Number.isNaN(ms))
      throw new AudioError('invalid_argument', `setJitterMs() takes a number of ms ≥ 0, got ${String(ms)}.`);
    this.#post({ type: 'config', prebuffer: Math.round((Math.max(0, ms) * this.#rate) / 1000) });
  }

  /**
   * Play through another output device (Chromium 110+). Throws `unsupported` elsewhere, and
   * `device_not_found` for unknown ids.
   */
  async setSinkId(sinkId: string): Promise<void> {
    this.#assertUsable();
    const ctx = this.context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    if (typeof ctx.setSinkId !== 'function') {
      throw new AudioError(
        'unsupported',
        'This browser cannot choose the audio output device (AudioContext.setSinkId is missing); the system default is used.',
      );
    }
    try {
      await ctx.setSinkId(sinkId);
    } catch (cause) {
      throw new AudioError(
        'device_not_found',
        `Could not switch audio output to ${JSON.stringify(sinkId)}; pick an output from listAudioDevices().outputs.`,
        { cause },
      );
    }
  }

  /** Resume the context (call from a user gesture); resolves true once audio can play. */
  resume(): Promise<boolean> {
    return unlockAudio(this.context);
  }

  /** Stop, disconnect and close the context the player created. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#post({ type: 'stop' }, true);
    this.#node.port.onmessage = null;
    this.#node.disconnect();
    if (this.#ownsContext && this.context.state !== 'closed') void this.context.close();
    this.removeAllListeners();
  }

  #assertUsable(): void {
    if (this.#closed)
      throw new AudioError('closed', 'This player is closed; create a new one with createPlayer().');
    assertOpen(this.context, 'Player');
  }

  #post(m: PlayerInMessage, force = false): void {
    if (this.#closed && !force) return;
    if (m.type === 'push') this.#node.port.postMessage(m, [m.samples.buffer]);
    else this.#node.port.postMessage(m);
  }

  #push(s: Segment, samples: Float32Array): void {
    if (samples.length === 0) return;
    s.pushed += samples.length;
    if (!this.#current) this.#current = s;
    this.#post({ type: 'push', seg: s.seg, samples });
  }

  #finishResampler(s: Segment): void {
    if (!s.resampler) return;
    const tail = s.resampler.flush('float32');
    if (!this.#flushedKeys.has(s.key)) this.#push(s, tail);
  }

  #positionOf(s: Segment, extrapolate: boolean): PlayerPosition {
    let played = s.played;
    if (extrapolate && this.context.state === 'running') {
      const now = Math.round(this.context.currentTime * this.#rate);
      played = Math.min(s.pushed, played + Math.max(0, now - s.reportFrame));
    }
    const playedMs = (played / this.#rate) * 1000;
    return {
      itemId: s.itemId,
      contentIndex: s.contentIndex,
      playedMs,
      queuedMs: ((s.pushed - played) / this.#rate) * 1000,
      playedSamples: Math.round((playedMs * this.sampleRate) / 1000),
    };
  }

  #onMessage(m: PlayerOutMessage): void {
    if (this.#closed || !m) return;
    if (m.type === 'error') {
      this.emit('error', new AudioError('worklet_load_failed', `Player worklet failed: ${m.message}`));
      return;
    }
    const s = this.#bySeg.get(m.seg);
    switch (m.type) {
      case 'started': {
        if (!s) return;
        s.started = true;
        s.reportFrame = m.frame;
        // the queue is FIFO: every earlier segment has been rendered completely
        for (const o of this.#segs.values())
          if (o.seg < s.seg && !this.#flushedKeys.has(o.key)) o.played = o.pushed;
        this.#prune();
        this.#playing = s;
        this.#current = s;
        this.emit('started', {
          itemId: s.itemId,
          contentIndex: s.contentIndex,
          time: m.frame / this.#rate,
          atMs: this.#frameToPerf(m.frame),
        });
        return;
      }
      case 'progress': {
        if (s) {
          s.played = m.played;
          s.reportFrame = m.frame;
          if (this.#playing !== s && s.started && this.#flushedKeys.has(s.key) === false) {
            this.#playing = s;
            this.#current = s;
          }
        }
        this.#accumulateLevel(m.rms, m.peak, m.frame);
        return;
      }
      case 'drained': {
        if (s) {
          s.played = m.played;
          s.reportFrame = m.frame;
        }
        this.#playing = null;
        this.#current = null;
        this.#accumulateLevel(0, 0, m.frame, true);
        if (s) {
          this.emit('drained', {
            itemId: s.itemId,
            contentIndex: s.contentIndex,
            playedMs: (s.played / this.#rate) * 1000,
          });
        }
        return;
      }
      case 'flushed': {
        let position: PlayerPosition | null = null;
        if (s) {
          s.played = m.played;
          s.reportFrame = m.frame;
          if (s.started) position = this.#positionOf(s, false);
        }
        this.#accumulateLevel(0, 0, m.frame, true);
        this.emit('flushed', { position, time: m.frame / this.#rate });
        return;
      }
    }
  }

  /** Keep the 64 most recent segments (for `positionOf`) plus any still queued. */
  #prune(): void {
    if (this.#segs.size <= 64) return;
    for (const [key, s] of this.#segs) {
      if (this.#segs.size <= 64) break;
      if (s === this.#playing || s === this.#current || s === this.#lastPushed || s.pushed > s.played)
        continue;
      this.#segs.delete(key);
      this.#bySeg.delete(s.seg);
    }
    if (this.#flushedKeys.size > 256) this.#flushedKeys.clear();
  }

  #accumulateLevel(rms: number, peak: number, frame: number, force = false): void {
    const a = this.#levelAcc;
    if (!force) {
      a.sum += rms * rms;
      a.n++;
      if (peak > a.peak) a.peak = peak;
    }
    const time = frame / this.#rate;
    if (force || time - a.since >= 0.05) {
      this.#level = {
        rmsDbfs: a.n ? linearToDbfs(Math.sqrt(a.sum / a.n)) : SILENCE_DBFS,
        peakDbfs: a.n ? linearToDbfs(a.peak) : SILENCE_DBFS,
        time,
      };
      if (force) this.#level = { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS, time };
      a.sum = 0;
      a.n = 0;
      a.peak = 0;
      a.since = time;
      this.emit('level', this.#level);
    }
  }

  #frameToPerf(frame: number): number {
    const ctx = this.context;
    if (typeof ctx.getOutputTimestamp === 'function') {
      const ts = ctx.getOutputTimestamp();
      if (ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0) {
        return ts.performanceTime + (frame / this.#rate - ts.contextTime) * 1000;
      }
    }
    return performance.now() + Math.max(0, frame / this.#rate - ctx.currentTime) * 1000;
  }
}

/**
 * Create a player. By default it makes its own AudioContext at `sampleRate` (so no resampling and
 * counts are exact in input samples) and plays to the speakers.
 * Throws `AudioError`: `invalid_sample_rate`, `invalid_argument`, `context_closed`, `worklet_load_failed`.
 * @example
 * const player = await createPlayer({ sampleRate: 24000, sinkId: outputPicker.value });
 * transportHandlers.audio = (chunk) => player.enqueue(chunk.data, chunk);
 * transport.stopPlayback = () => player.flush();
 */
export async function createPlayer(options: PlayerOptions = {}): Promise<Player> {
  const encoding = options.encoding ?? 'pcm16';
  if (!['pcm16', 'g711_ulaw', 'g711_alaw'].includes(encoding)) {
    throw new AudioError(
      'invalid_argument',
      `encoding must be 'pcm16', 'g711_ulaw' or 'g711_alaw', got ${JSON.stringify(encoding)}.`,
    );
  }
  const sampleRate = options.sampleRate ?? (encoding === 'pcm16' ? 24000 : 8000);
  if (!Number.isInteger(sampleRate) || sampleRate < 3000 || sampleRate > 384000) {
    throw new AudioError(
      'invalid_sample_rate',
      `sampleRate must be a whole number of Hz between 3000 and 384000 (24000 for pcm16), got ${String(sampleRate)}.`,
    );
  }
  const jitterMs = options.jitterMs ?? 20;
  if (!(jitterMs >= 0))
    throw new AudioError('invalid_argument', `jitterMs must be ≥ 0, got ${String(jitterMs)}.`);
  const ownsContext = !options.context;
  const context = options.context ?? createAudioContext({ sampleRate });
  try {
    assertOpen(context, 'createPlayer');
    const workletSource = await loadWorklet(context, 'player');
    assertOpen(context, 'createPlayer');
    const node = new AudioWorkletNode(context, PLAYER_PROCESSOR_NAME, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { prebuffer: Math.round((jitterMs * context.sampleRate) / 1000) },
    });
    if (options.speaker !== false) node.connect(context.destination);
    const player = new Player({ context, ownsContext, node, sampleRate, encoding, workletSource });
    if (options.sinkId) await player.setSinkId(options.sinkId); // AudioError device_not_found / unsupported
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    return player;
  } catch (err) {
    if (ownsContext && context.state !== 'closed') void context.close();
    throw err;
  }
}
