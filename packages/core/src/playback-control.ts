/**
 * Interruption and playback bookkeeping, with one strategy per audio mode: over WebSocket the client
 * plays the answer and truncates it at the samples really heard; over WebRTC and SIP the server
 * plays it, so an interruption is `response.cancel` + `output_audio_buffer.clear`.
 * @module
 */
import type { SessionEvent } from './events.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { ServerEvent } from './protocol/server-events.js';
import type { AudioChunk, PlaybackPosition, Transport } from './transport.js';

/** What a playback strategy needs from the session. */
export interface PlaybackDeps {
  transport: Transport;
  send(event: ClientEvent): void;
  emit(event: SessionEvent): void;
  nextEventId(): string;
  /** The newest assistant message in the history (a fallback when a buffer event names no item). */
  lastAssistantItem(): string | null;
  /** The last audio item of the response in progress, if any. */
  currentAudioItem(): string | null;
}

/** Where the audio stood when a connection dropped. */
export interface PlaybackCut {
  /** The client-side position (null when the server plays the audio). */
  position: PlaybackPosition | null;
  /** Milliseconds of each item's audio received so far. */
  receivedMs(itemId: string): number | null;
}

/**
 * The interruption strategy of a session. Pick one with {@link playbackControl}.
 * @example
 * const playback = playbackControl(deps); playback.interrupt(activeResponseId);
 */
export abstract class PlaybackControl {
  protected readonly deps: PlaybackDeps;
  readonly #receivedMs = new Map<string, number>();
  /** The answer the server says it is playing (`output_audio_buffer.started` … `stopped`/`cleared`). */
  protected serverPlaying: { responseId: string; itemId: string | null } | null = null;

  constructor(deps: PlaybackDeps) {
    this.deps = deps;
  }

  /** True while the server reports its output buffer playing. */
  get serverIsPlaying(): boolean {
    return this.serverPlaying !== null;
  }

  /** Count received audio per item (the bound of a truncation). */
  received(chunk: AudioChunk): void {
    const ms = (chunk.data.length / chunk.sampleRate) * 1000;
    this.#receivedMs.set(chunk.itemId, (this.#receivedMs.get(chunk.itemId) ?? 0) + ms);
  }

  receivedMs(itemId: string): number | null {
    return this.#receivedMs.get(itemId) ?? null;
  }

  /**
   * Handle `output_audio_buffer.started` / `stopped` / `cleared` (WebRTC and SIP send these); false
   * for any other event. Metrics come from the first sample really played, not from these.
   */
  route(e: ServerEvent): boolean {
    if (e.type === 'output_audio_buffer.started') this.#serverBuffer('started', e.response_id);
    else if (e.type === 'output_audio_buffer.stopped') this.#serverBuffer('stopped', e.response_id);
    else if (e.type === 'output_audio_buffer.cleared') this.#serverBuffer('cleared', e.response_id);
    else return false;
    return true;
  }

  #serverBuffer(type: 'started' | 'stopped' | 'cleared', responseId: string): void {
    if (type === 'started') {
      this.serverPlaying = { responseId, itemId: this.deps.currentAudioItem() };
      return;
    }
    const item =
      this.serverPlaying?.responseId === responseId && this.serverPlaying.itemId
        ? this.serverPlaying.itemId
        : this.deps.lastAssistantItem();
    this.serverPlaying = null;
    if (type === 'stopped') {
      if (item) this.deps.emit({ type: 'audio_end', itemId: item });
      return;
    }
    const pos = this.deps.transport.stopPlayback();
    if (item)
      this.deps.emit({ type: 'audio_interrupted', itemId: item, playedMs: Math.floor(pos?.playedMs ?? 0) });
  }

  /** Where the audio stands now (read before a drop changes anything). */
  snapshot(): PlaybackCut {
    return { position: this.clientPosition(), receivedMs: (id) => this.receivedMs(id) };
  }

  /** The connection dropped: stop what plays and report where it was cut. */
  dropped(cut: PlaybackCut): void {
    const itemId = cut.position?.itemId ?? this.serverPlaying?.itemId;
    if (itemId) {
      this.deps.transport.stopPlayback();
      this.deps.emit({
        type: 'audio_interrupted',
        itemId,
        playedMs: Math.floor(cut.position?.playedMs ?? 0),
      });
    }
    this.serverPlaying = null;
  }

  /** Stop the answer now (`interrupt()`, a guardrail trip, push-to-talk). */
  abstract interrupt(activeResponseId: string | null): void;
  /** The user started speaking (server VAD). */
  abstract bargeIn(activeResponseId: string | null, serverCancels: boolean): void;
  /** The local player finished everything queued. */
  abstract drained(itemId: string): void;
  /** True while the listener may still be hearing the answer (a rollover waits for quiet). */
  abstract audible(): boolean;
  protected abstract clientPosition(): PlaybackPosition | null;

  protected cancel(responseId: string | null): void {
    if (responseId)
      this.deps.send({ type: 'response.cancel', event_id: this.deps.nextEventId(), response_id: responseId });
  }
}

/** The client plays: truncate the item at the samples really rendered, never past what arrived. */
class ClientPlayback extends PlaybackControl {
  interrupt(activeResponseId: string | null): void {
    this.cancel(activeResponseId);
    this.#truncate();
  }

  bargeIn(activeResponseId: string | null, serverCancels: boolean): void {
    if (this.deps.transport.playback()) this.#truncate();
    if (!serverCancels) this.cancel(activeResponseId);
  }

  drained(itemId: string): void {
    this.deps.emit({ type: 'audio_end', itemId });
  }

  audible(): boolean {
    return this.serverPlaying !== null || this.deps.transport.playback() !== null;
  }

  protected clientPosition(): PlaybackPosition | null {
    return this.deps.transport.playback();
  }

  #truncate(): void {
    const pos = this.deps.transport.stopPlayback();
    if (!pos) return;
    const received = this.receivedMs(pos.itemId) ?? pos.playedMs;
    const ms = Math.max(0, Math.floor(Math.min(pos.playedMs, received)));
    this.deps.send({
      type: 'conversation.item.truncate',
      event_id: this.deps.nextEventId(),
      item_id: pos.itemId,
      content_index: pos.contentIndex,
      audio_end_ms: ms,
    });
    this.deps.emit({ type: 'audio_interrupted', itemId: pos.itemId, playedMs: ms });
  }
}

/** The server plays (WebRTC, SIP): it truncates on barge-in itself; the client cancels and clears. */
class ServerPlayback extends PlaybackControl {
  interrupt(activeResponseId: string | null): void {
    this.cancel(activeResponseId);
    if (activeResponseId || this.serverPlaying)
      this.deps.send({ type: 'output_audio_buffer.clear', event_id: this.deps.nextEventId() });
  }

  bargeIn(): void {}

  drained(): void {}

  audible(): boolean {
    return this.serverPlaying !== null;
  }

  protected clientPosition(): PlaybackPosition | null {
    return null;
  }
}

/**
 * The strategy for a transport: {@link ServerPlayback} when `transport.serverManagedAudio`, else client playback.
 * @example
 * const playback = playbackControl({ transport, send, emit, nextEventId, lastAssistantItem, currentAudioItem });
 */
export function playbackControl(deps: PlaybackDeps): PlaybackControl {
  return deps.transport.serverManagedAudio ? new ServerPlayback(deps) : new ClientPlayback(deps);
}
