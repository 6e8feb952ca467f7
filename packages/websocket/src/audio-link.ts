/**
 * The audio side of one WebSocket connection: the session's wire formats, the output that plays
 * assistant audio and knows what was heard, the browser microphone, and the bookkeeping that drops
 * audio of answers that were cut off.
 * @module
 */
import type { MicCapture, Player } from '@realtime-agents/audio';
import { type AudioChunk, type PlaybackPosition, ProtocolError, TransportError } from '@realtime-agents/core';
import type { AudioFormat } from '@realtime-agents/core/protocol';
import { type AudioOutput, type AudioOutputListener, receivedAsPlayed } from './audio-output.js';
import { startMicrophone, startPlayer } from './browser-audio.js';
import type { WebSocketTransportOptions } from './options.js';
import { playerOutput } from './player-output.js';
import { decodeWireAudio, encodeWireAudio, wireRate } from './wire-audio.js';

/** What the link needs from its transport. */
export interface AudioLinkHost {
  /** Deliver decoded assistant audio to the session. */
  audio(chunk: AudioChunk): void;
  /** Playback started / drained (forwarded to the session). */
  listener: AudioOutputListener;
  /** Send one microphone frame (already in the wire encoding, base64). */
  sendMic(base64: string): void;
  /** A non-fatal problem (microphone error, undecodable audio). */
  report(error: Error): void;
  /** False once the connection this link belongs to is gone. */
  alive(): boolean;
}

const key = (itemId: string, contentIndex: number) => `${itemId}\u0000${contentIndex}`;

/** One connection's audio. Create per connect; `close()` releases what it opened. */
export class AudioLink {
  /** The session's input format (from the config, then from every `session.updated`). */
  inputFormat: AudioFormat | undefined;
  /** The session's output format. */
  outputFormat: AudioFormat | undefined;
  readonly #host: AudioLinkHost;
  readonly #options: WebSocketTransportOptions;
  #output: AudioOutput | null = null;
  #player: Player | null = null;
  #mic: MicCapture | null = null;
  #micRestart: Promise<void> | null = null;
  #muted: boolean;
  #receiving: string | null = null;
  #closed = false;
  readonly #flushed = new Set<string>();

  constructor(
    host: AudioLinkHost,
    options: WebSocketTransportOptions,
    init: { input?: AudioFormat; output?: AudioFormat; muted: boolean },
  ) {
    this.#host = host;
    this.#options = options;
    this.inputFormat = init.input;
    this.outputFormat = init.output;
    this.#muted = init.muted;
  }

  get player(): Player | null {
    return this.#player;
  }
  get microphone(): MicCapture | null {
    return this.#mic;
  }

  /**
   * Set up the output: the caller's `playback`, else the browser player (`deviceAudio`), else
   * received-as-played; `none` for server-managed audio. Rejects with `player_failed`.
   */
  async startOutput(mode: 'device' | 'headless' | 'none'): Promise<void> {
    let output: AudioOutput | null = null;
    if (mode === 'none') output = null;
    else if (this.#options.playback) output = this.#options.playback;
    else if (mode === 'device') {
      let player: Player;
      try {
        player = await startPlayer({
          sampleRate: wireRate(this.outputFormat),
          sinkId: this.#options.outputDeviceId,
          jitterMs: this.#options.jitterMs,
        });
      } catch (e) {
        throw new TransportError(
          'player_failed',
          `Could not start audio playback: ${(e as Error)?.message ?? e}`,
          {
            cause: e,
          },
        );
      }
      if (this.#closed) {
        player.close();
        throw new TransportError('closed', 'The transport was closed while connecting');
      }
      this.#player = player;
      output = playerOutput(player);
    } else output = receivedAsPlayed();
    output?.listen(this.#host.listener);
    this.#output = output;
  }

  /** Open the browser microphone at the input format's rate. Rejects with `microphone_failed`. */
  async startMicrophone(): Promise<void> {
    this.#mic = await this.#openMic();
  }

  async #openMic(): Promise<MicCapture> {
    const o = this.#options;
    let mic: MicCapture;
    try {
      mic = await startMicrophone({
        sampleRate: wireRate(this.inputFormat),
        stream: o.mediaStream,
        deviceId: o.inputDeviceId,
        constraints: o.audioConstraints,
        muted: this.#muted,
        onFrame: (pcm) => this.#onMicFrame(pcm),
        onError: (e) =>
          this.#host.report(new TransportError('microphone', `Microphone: ${e.message}`, { cause: e })),
      });
    } catch (e) {
      throw new TransportError(
        'microphone_failed',
        `Could not open the microphone: ${(e as Error)?.message ?? e}`,
        {
          cause: e,
        },
      );
    }
    if (this.#closed) {
      mic.close();
      throw new TransportError('closed', 'The transport was closed while opening the microphone');
    }
    return mic;
  }

  #onMicFrame(pcm: Int16Array): void {
    if (!this.#host.alive()) return;
    if (pcm.length * 1000 !== wireRate(this.inputFormat) * 20) return; // a frame from before a rate switch
    this.#host.sendMic(encodeWireAudio(pcm, this.inputFormat));
  }

  /** Follow the formats the server reports; recapture the mic if the input rate changed. */
  trackFormats(session: unknown): void {
    const audio = (
      session as { audio?: { input?: { format?: AudioFormat }; output?: { format?: AudioFormat } } }
    )?.audio;
    if (audio?.input?.format) this.inputFormat = audio.input.format;
    if (audio?.output?.format) this.outputFormat = audio.output.format;
    const mic = this.#mic;
    if (!mic || mic.sampleRate === wireRate(this.inputFormat) || this.#micRestart) return;
    this.#micRestart = this.#openMic()
      .then((next) => {
        if (this.#mic === mic) {
          this.#mic = next;
          mic.close();
        } else next.close();
      })
      .catch((e) => this.#host.report(e as Error))
      .finally(() => {
        this.#micRestart = null;
      });
  }

  /** PCM16 at the input rate → base64 in the input format (silence of the same length while muted). */
  encodeInput(pcm16: Int16Array): string {
    return encodeWireAudio(this.#muted ? new Int16Array(pcm16.length) : pcm16, this.inputFormat);
  }

  /**
   * `response.output_audio.delta`: decode, deliver, play — unless its item was cut off. `pcm` is the
   * delta already decoded by `parseAudioDeltaWire` (the transport only takes that path for PCM16).
   */
  onDelta(event: Record<string, unknown>, pcm?: Int16Array): void {
    const itemId = event.item_id;
    const delta = event.delta;
    if (typeof itemId !== 'string' || typeof delta !== 'string') return;
    const contentIndex = typeof event.content_index === 'number' ? event.content_index : 0;
    const k = key(itemId, contentIndex);
    if (this.#flushed.has(k)) return;
    this.#receiving = k;
    let data: Int16Array;
    try {
      data = pcm ?? decodeWireAudio(delta, this.outputFormat);
    } catch (e) {
      this.#host.report(
        new ProtocolError(
          'invalid_audio',
          `Undecodable audio delta for ${itemId}: ${(e as Error).message}`,
          event,
        ),
      );
      return;
    }
    if (data.length === 0) return;
    const chunk: AudioChunk = {
      data,
      sampleRate: wireRate(this.outputFormat),
      itemId,
      contentIndex,
      responseId: typeof event.response_id === 'string' ? event.response_id : '',
    };
    this.#host.audio(chunk);
    try {
      this.#output?.push(chunk);
    } catch (e) {
      this.#host.report(
        new TransportError('playback', `Playback failed: ${(e as Error)?.message ?? e}`, { cause: e }),
      );
    }
  }

  /** `response.output_audio.done`: the item's audio is complete. */
  onDone(event: Record<string, unknown>): void {
    if (typeof event.item_id !== 'string') return;
    const contentIndex = typeof event.content_index === 'number' ? event.content_index : 0;
    const k = key(event.item_id, contentIndex);
    if (this.#receiving === k) this.#receiving = null;
    if (this.#flushed.has(k)) return;
    this.#output?.end(event.item_id, contentIndex);
  }

  playback(): PlaybackPosition | null {
    return this.#output?.position() ?? null;
  }

  /** Flush the output; audio still arriving for what was cut is dropped (not played, not delivered). */
  stopPlayback(): PlaybackPosition | null {
    const pos = this.#output?.flush() ?? null;
    if (pos) this.#markFlushed(key(pos.itemId, pos.contentIndex));
    if (this.#receiving) this.#markFlushed(this.#receiving);
    return pos;
  }

  mute(muted: boolean): void {
    this.#muted = muted;
    this.#mic?.mute(muted);
  }

  #markFlushed(k: string): void {
    this.#flushed.add(k);
    if (this.#flushed.size > 256) this.#flushed.delete(this.#flushed.values().next().value!);
  }

  /** Release the mic (only tracks it opened), the output it created (a caller's is flushed). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#mic?.close();
    this.#mic = null;
    const output = this.#output;
    this.#output = null;
    try {
      if (output && output === this.#options.playback) output.flush();
      else output?.close();
    } catch {
      // a failing custom output must not keep anything else open
    }
    this.#player = null;
    this.#flushed.clear();
    this.#receiving = null;
  }
}
