/**
 * What this client put into the conversation, until the server confirms it: a reconnect replays
 * the conversation from the history and then what the server never echoed, each item once.
 * @module
 */
import type { HistoryFunctionCall, HistoryItem, HistoryMessage } from './history.js';
import type { ConversationItemCreateEvent } from './protocol/client-events.js';
import type { ItemInput } from './protocol/items.js';
import type { planReseed, ReseedLimits } from './reseed.js';

/** Unconfirmed items kept at most (older ones are assumed delivered). */
const MAX_UNACKED = 100;

/** The re-seed of a new connection: events in order, and how many older items were left out. */
export interface Reseed {
  events: Omit<ConversationItemCreateEvent, 'event_id'>[];
  replayed: number;
  omitted: number;
}

/**
 * The ledger of items sent on the current connection.
 * @example
 * const sent = new SentItems();
 * sent.sent(item);              // after transport.send(conversation.item.create)
 * sent.echoed(historyItem);     // conversation.item.added came back
 * const { events } = sent.reseed(history, { maxItems: 50, maxChars: 20000 }, planReseed);
 */
export class SentItems {
  /** Items this client created that the server has not echoed yet. */
  #unacked: ItemInput[] = [];
  /** Function outputs really sent, by call_id (replayed with their call). */
  readonly #outputs = new Map<string, string>();

  /** An item went out in a `conversation.item.create`. */
  sent(item: ItemInput): void {
    if (item.type === 'function_call_output') this.#outputs.set(item.call_id, item.output);
    if (item.type === 'message' && !item.content.every((c) => c.type === 'input_text')) return;
    this.#unacked.push(item);
    if (this.#unacked.length > MAX_UNACKED) this.#unacked.shift();
  }

  /** The server echoed an item: it is no longer unconfirmed. */
  echoed(item: HistoryItem): void {
    const i = this.#unacked.findIndex((u) =>
      u.type === 'function_call_output'
        ? item.type === 'function_call_output' && (item as { callId: string }).callId === u.call_id
        : u.type === 'message' &&
          item.type === 'message' &&
          (item as HistoryMessage).role === u.role &&
          (item as HistoryMessage).text === u.content.map((c) => ('text' in c ? c.text : '')).join(''),
    );
    if (i >= 0) this.#unacked.splice(i, 1);
  }

  /**
   * The events that give a new connection the conversation: the history (windowed by `limits`,
   * calls with the outputs sent for them), then unconfirmed items the history does not carry.
   * The unconfirmed ones stay in the ledger until the new connection echoes them. `plan` is
   * `planReseed`, passed in so the ledger does not bundle it (it loads with the reconnector).
   */
  reseed(history: readonly HistoryItem[], limits: Required<ReseedLimits>, plan: typeof planReseed): Reseed {
    const items = history.map((it) => {
      const call = it as HistoryFunctionCall;
      return it.type === 'function_call' && call.output === null && this.#outputs.has(call.callId)
        ? { ...it, output: this.#outputs.get(call.callId) as string }
        : it;
    });
    const planned = plan(items, limits);
    const events: Reseed['events'] = planned.events.map(({ event_id: _, ...e }) => e);
    const unacked = this.#unacked;
    this.#unacked = [];
    for (const item of unacked) {
      const replayed =
        item.type === 'function_call_output' &&
        planned.events.some((e) => e.item.type === 'function_call_output' && e.item.call_id === item.call_id);
      if (replayed) continue;
      events.push({ type: 'conversation.item.create', item });
      this.#unacked.push(item);
    }
    return { events, replayed: planned.itemIds.length, omitted: planned.omitted };
  }
}
