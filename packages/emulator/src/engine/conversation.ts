/**
 * The default conversation: an ordered list of items plus the audio behind audio content (kept as
 * PCM16 24 kHz so retrieve can return it in the session's format and truncate can cut it).
 * @module
 */
import type { Item } from '@realtime-agents/core/protocol';

/** An item and the raw audio of its audio content part (if any). */
export interface StoredItem {
  item: Item;
  /** PCM16 mono 24 kHz audio of content part 0 (user input audio or assistant speech). */
  audio?: Int16Array;
}

/** Ordered conversation items keyed by id. */
export class Conversation {
  readonly #items: StoredItem[] = [];

  /** All items in order. */
  get items(): readonly StoredItem[] {
    return this.#items;
  }

  has(id: string): boolean {
    return this.#items.some((s) => s.item.id === id);
  }

  get(id: string): StoredItem | undefined {
    return this.#items.find((s) => s.item.id === id);
  }

  /** Id of the last item, or null when empty. */
  lastId(): string | null {
    return this.#items.at(-1)?.item.id ?? null;
  }

  /** Id of the item before `id` (null for the first). */
  previousOf(id: string): string | null {
    const i = this.#items.findIndex((s) => s.item.id === id);
    return i > 0 ? this.#items[i - 1]!.item.id : null;
  }

  /**
   * Insert after `previousItemId` (`undefined` = at the end, `'root'` or null = at the start when
   * explicitly given). Returns the id of the item now before it (null for the first).
   */
  insert(stored: StoredItem, previousItemId?: string | null): string | null {
    if (previousItemId === undefined) {
      const prev = this.lastId();
      this.#items.push(stored);
      return prev;
    }
    if (previousItemId === null || previousItemId === 'root') {
      this.#items.unshift(stored);
      return null;
    }
    const i = this.#items.findIndex((s) => s.item.id === previousItemId);
    if (i < 0) throw new Error(`unknown previous item ${previousItemId}`);
    this.#items.splice(i + 1, 0, stored);
    return previousItemId;
  }

  delete(id: string): boolean {
    const i = this.#items.findIndex((s) => s.item.id === id);
    if (i < 0) return false;
    this.#items.splice(i, 1);
    return true;
  }
}
