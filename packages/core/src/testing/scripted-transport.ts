/**
 * `ScriptedTransport`: an in-memory transport for tests. You feed it server events, it records the
 * client events the session sends, and it simulates a speaker whose played position you advance.
 * @module
 */
import { ProtocolError, TransportError } from '../errors.js';
import type { ClientEvent } from '../protocol/client-events.js';
import type {
  ConnectionState,
  PlaybackPosition,
  Transport,
  TransportConnectOptions,
  TransportHandlers,
} from '../transport.js';
import { decodePcm16Base64, parseAudioDeltaWire } from '../protocol/wire-audio.js';

export interface ScriptedTransportOptions {
  /** Behave like WebRTC: the server owns playback and truncation. @default false */
  serverManagedAudio?: boolean;
  /** Make `connect()` fail with this error. */
  connectError?: Error;
  /** Called for every client event the session sends; return server events to answer with. */
  respond?: (event: ClientEvent, transport: ScriptedTransport) => void;
  /**
   * Strict base64 → PCM16 decoder for audio deltas, `null` when it declines (then `atob` decides), to
   * run the decoder a real transport uses (e.g. the WebSocket transport's `Buffer` one on Node).
   * @default decodePcm16Base64
   */
  decodePcm16?: (b64: string) => Int16Array | null;
}

interface Queued {
  itemId: string;
  contentIndex: number;
  rate: number;
  receivedSamples: number;
  playedSamples: number;
  started: boolean;
}

function decodeBase64Pcm16(b64: string, strict: (b64: string) => Int16Array | null): Int16Array {
  const fast = strict(b64);
  if (fast) return fast;
  // Forgiving base64 (whitespace, no padding), an odd last byte (dropped) or not base64 at all:
  // atob decides, or throws.
  const bin = atob(b64);
  const out = new Int16Array(bin.length >> 1);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const v = bin.charCodeAt(j) | (bin.charCodeAt(j + 1) << 8);
    out[i] = v > 0x7fff ? v - 0x10000 : v;
  }
  return out;
}

/**
 * A transport for tests and benchmarks; no network.
 * @example
 * const t = new ScriptedTransport();
 * const session = await new RealtimeRunner({ transport: t }).session(agent);
 * t.receive({ type: 'response.created', event_id: 'e1', response: {...} });
 * expect(t.sent.at(-1)?.type).toBe('response.create');
 */
export class ScriptedTransport implements Transport {
  /** Pretend the transport records the microphone itself (see `Transport.capturesMicrophone`). */
  capturesMicrophone = false;
  readonly name = 'scripted';
  readonly serverManagedAudio: boolean;
  /** Every client event sent, in order. */
  readonly sent: ClientEvent[] = [];
  /** Every `sendAudio` chunk. */
  readonly audioSent: Int16Array[] = [];
  /** The options `connect()` received. */
  connectOptions: TransportConnectOptions | null = null;
  muted = false;
  closed = false;
  #handlers: TransportHandlers | null = null;
  #queue: Queued[] = [];
  readonly #options: ScriptedTransportOptions;
  readonly #decode: (b64: string) => Int16Array | null;

  constructor(options: ScriptedTransportOptions = {}) {
    this.#options = options;
    this.#decode = options.decodePcm16 ?? decodePcm16Base64;
    this.serverManagedAudio = options.serverManagedAudio ?? false;
  }

  /** How many times `connect()` was called (a reconnect calls it again). */
  connects = 0;

  async connect(options: TransportConnectOptions, handlers: TransportHandlers): Promise<void> {
    this.connects++;
    const refusal = this.#options.connectError ?? this.refuseNext.shift();
    if (refusal) throw refusal;
    this.closed = false;
    this.connectOptions = options;
    this.#handlers = handlers;
    handlers.state('connecting');
    handlers.state('connected');
  }

  send(event: ClientEvent): void {
    if (this.closed || !this.#handlers)
      throw new TransportError('closed', `Cannot send '${event.type}': the transport is closed`);
    this.sent.push(event);
    this.#options.respond?.(event, this);
  }

  sendAudio(pcm16: Int16Array): void {
    if (this.closed) throw new TransportError('closed', 'Cannot send audio: the transport is closed');
    this.audioSent.push(pcm16);
  }

  /**
   * Deliver one server event (object or raw wire string) to the session. Audio deltas also fill the
   * simulated speaker. A wire string is parsed once here, as a WebSocket transport would, so audio
   * deltas sent as strings are decoded too; a string that is not a JSON object goes through as is
   * and the session reports it.
   */
  receive(wire: object | string): void {
    if (!this.#handlers) throw new Error('ScriptedTransport.receive() before connect()');
    let event: object | string = wire;
    if (typeof wire === 'string') {
      // Audio deltas are most of a stream: parsed and decoded without JSON.parse over the base64.
      const audio = parseAudioDeltaWire(wire, this.#decode);
      if (audio) {
        const e = audio.event;
        this.#handlers.message(e);
        this.pushAudio(audio.pcm, {
          itemId: e.item_id,
          contentIndex: e.content_index as number,
          responseId: e.response_id as string,
        });
        return;
      }
      try {
        const value: unknown = JSON.parse(wire);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) event = value;
      } catch {
        // Not JSON: the session turns it into an `error` event.
      }
    }
    this.#handlers.message(event);
    if (
      typeof event === 'object' &&
      (event as { type?: string }).type === 'response.output_audio.delta' &&
      typeof (event as { delta?: unknown }).delta === 'string' &&
      typeof (event as { item_id?: unknown }).item_id === 'string'
    ) {
      const e = event as { delta: string; item_id: string; content_index: number; response_id: string };
      let pcm: Int16Array;
      try {
        pcm = decodeBase64Pcm16(e.delta, this.#decode);
      } catch (err) {
        // As the WebSocket transport does: the event went through, its audio is reported, not played.
        const why = `Undecodable audio delta for ${e.item_id}: ${(err as Error).message}`;
        this.#handlers.warning?.(new ProtocolError('invalid_audio', why, event));
        return;
      }
      this.pushAudio(pcm, {
        itemId: e.item_id,
        contentIndex: e.content_index,
        responseId: e.response_id,
      });
    }
  }

  /** Deliver assistant audio (as a WebRTC tap would) and queue it on the simulated speaker. */
  pushAudio(
    data: Int16Array,
    ref: { itemId: string; contentIndex?: number; responseId: string; sampleRate?: number },
  ): void {
    const rate = ref.sampleRate ?? 24000;
    const contentIndex = ref.contentIndex ?? 0;
    let q = this.#queue.find((x) => x.itemId === ref.itemId);
    if (!q) {
      q = { itemId: ref.itemId, contentIndex, rate, receivedSamples: 0, playedSamples: 0, started: false };
      this.#queue.push(q);
    }
    q.receivedSamples += data.length;
    this.#handlers?.audio({
      data,
      sampleRate: rate,
      itemId: ref.itemId,
      contentIndex,
      responseId: ref.responseId,
    });
  }

  /** Advance the simulated speaker by `ms` of playback (items play in order). */
  play(ms: number, at = 0): void {
    let budget = ms;
    while (budget > 0 && this.#queue.length) {
      const q = this.#queue[0]!;
      const left = ((q.receivedSamples - q.playedSamples) / q.rate) * 1000;
      if (!q.started && left > 0) {
        q.started = true;
        this.#handlers?.playbackStarted?.(q.itemId, at);
      }
      const step = Math.min(budget, left);
      q.playedSamples += Math.round((step / 1000) * q.rate);
      budget -= step;
      if (q.playedSamples >= q.receivedSamples) {
        this.#queue.shift();
        this.#handlers?.playbackDrained?.(q.itemId);
      } else break;
    }
  }

  playback(): PlaybackPosition | null {
    const q = this.#queue[0];
    if (!q) return null;
    return {
      itemId: q.itemId,
      contentIndex: q.contentIndex,
      playedMs: (q.playedSamples / q.rate) * 1000,
      queuedMs: ((q.receivedSamples - q.playedSamples) / q.rate) * 1000,
    };
  }

  stopPlayback(): PlaybackPosition | null {
    const pos = this.playback();
    this.#queue = [];
    return pos;
  }

  mute(muted: boolean): void {
    this.muted = muted;
  }

  /** Errors the next `connect()` calls throw, one each (a server refusing reconnects). */
  readonly refuseNext: Error[] = [];

  /**
   * Lose the connection the way a network does (no goodbye): `disconnected` with `error`, then
   * `closed`. Playback stops as a real transport's would.
   */
  drop(error: Error = new TransportError('connection_lost', 'The network dropped the connection')): void {
    const handlers = this.#handlers;
    this.#handlers = null;
    handlers?.state('disconnected', error);
    handlers?.state('closed');
  }

  /** Simulate the connection changing state (e.g. dropping) from the network side. */
  setState(state: ConnectionState, error?: Error): void {
    this.#handlers?.state(state, error);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
  }

  /** Client events of one type that were sent. */
  sentOf<T extends ClientEvent['type']>(type: T): Extract<ClientEvent, { type: T }>[] {
    return this.sent.filter((e) => e.type === type) as Extract<ClientEvent, { type: T }>[];
  }
}
