/**
 * Transcripts in progress, user and assistant, turned into `transcript` events: partials carry the
 * text so far, finals the whole text.
 * @module
 */
import type { SessionEvent, TranscriptEvent } from './events.js';

/**
 * The partial transcripts of the items being spoken or written right now.
 * @example
 * const t = new Transcripts((e) => events.emit(e));
 * t.delta('assistant', 'item_1', 'Hel', 'resp_1'); t.delta('assistant', 'item_1', 'lo', 'resp_1');
 * t.done('assistant', 'item_1', 'Hello', 'resp_1'); // final event, text 'Hello'
 */
export class Transcripts {
  readonly #partial = new Map<string, string>();
  readonly #emit: (event: SessionEvent) => void;

  constructor(emit: (event: SessionEvent) => void) {
    this.#emit = emit;
  }

  /** A new piece of an item's transcript; emits the partial. */
  delta(role: TranscriptEvent['role'], itemId: string, delta: string, responseId?: string): void {
    const text = (this.#partial.get(itemId) ?? '') + delta;
    this.#partial.set(itemId, text);
    this.#emit(event(role, itemId, text, delta, false, responseId));
  }

  /** An item's transcript is complete; emits the final. */
  done(role: TranscriptEvent['role'], itemId: string, text: string, responseId?: string): void {
    this.#partial.delete(itemId);
    this.#emit(event(role, itemId, text, text, true, responseId));
  }

  /** The partials still open, by item id. */
  open(): IterableIterator<[string, string]> {
    return this.#partial.entries();
  }
}

function event(
  role: TranscriptEvent['role'],
  itemId: string,
  text: string,
  delta: string,
  final: boolean,
  responseId: string | undefined,
): TranscriptEvent {
  return { type: 'transcript', role, itemId, text, delta, final, ...(responseId && { responseId }) };
}
