/**
 * Re-seeding: the conversation so far, as the `conversation.item.create` events that give a new
 * connection the same context. The API keeps no state across connections, and it cannot take
 * assistant audio, so assistant turns go in as text (their transcript, or what was really heard).
 * @module
 */
import type { HistoryFunctionCall, HistoryItem, HistoryMessage } from './history.js';
import type { ConversationItemCreateEvent } from './protocol/client-events.js';
import type { ItemInput } from './protocol/items.js';

/** Bounds of what a reconnect replays. */
export interface ReseedLimits {
  /** At most this many items (messages, calls, outputs), the newest kept. @default 50 */
  maxItems?: number;
  /** At most this many characters of text, arguments and outputs in all, the newest kept. @default 20000 */
  maxChars?: number;
}

/** The planned replay: the events to send, and what was left out. */
export interface ReseedPlan {
  events: ConversationItemCreateEvent[];
  /** Items of the history the plan replays, by their id. */
  itemIds: string[];
  /** Older items left out by the bounds. */
  omitted: number;
  /** Items that cannot be replayed (user audio never transcribed, MCP and other item types). */
  skipped: number;
}

/** The API accepts client item ids of at most 32 characters; longer ones are left to the server. */
const MAX_ITEM_ID = 32;

interface Unit {
  inputs: { id: string; item: ItemInput }[];
  chars: number;
}

function message(m: HistoryMessage): Unit | null {
  const text = m.text ?? '';
  if (text === '') return null;
  const part =
    m.role === 'assistant' ? { type: 'output_text' as const, text } : { type: 'input_text' as const, text };
  return {
    inputs: [{ id: m.itemId, item: { type: 'message', role: m.role, content: [part] } }],
    chars: text.length,
  };
}

function call(c: HistoryFunctionCall, outputId: string | undefined): Unit {
  const inputs: Unit['inputs'] = [
    {
      id: c.itemId,
      item: { type: 'function_call', call_id: c.callId, name: c.name, arguments: c.arguments },
    },
  ];
  if (c.output !== null)
    inputs.push({
      id: outputId ?? '',
      item: { type: 'function_call_output', call_id: c.callId, output: c.output },
    });
  return { inputs, chars: c.arguments.length + (c.output?.length ?? 0) + c.name.length };
}

/**
 * Plan the replay of `history` into a fresh connection: user, system and assistant text, and each
 * function call together with its output (a call and its output are never split by the bounds; a
 * call without an output yet goes in alone, its output follows when the tool finishes). Newest
 * first within `limits`.
 * @example
 * const plan = planReseed(session.history, { maxItems: 20 });
 * for (const event of plan.events) transport.send(event);
 */
export function planReseed(history: readonly HistoryItem[], limits: ReseedLimits = {}): ReseedPlan {
  const maxItems = limits.maxItems ?? 50;
  const maxChars = limits.maxChars ?? 20_000;
  const outputIds = new Map<string, string>();
  for (const it of history)
    if (it.type === 'function_call_output') outputIds.set((it as { callId: string }).callId, it.itemId);

  const units: Unit[] = [];
  let skipped = 0;
  for (const it of history) {
    if (it.type === 'message') {
      const unit = message(it as HistoryMessage);
      if (unit) units.push(unit);
      else skipped++;
    } else if (it.type === 'function_call') {
      const c = it as HistoryFunctionCall;
      units.push(call(c, outputIds.get(c.callId)));
    } else if (it.type !== 'function_call_output') skipped++;
    // outputs travel with their call
  }

  const kept: Unit[] = [];
  let items = 0;
  let chars = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i] as Unit;
    if (items + unit.inputs.length > maxItems || chars + unit.chars > maxChars) break;
    kept.unshift(unit);
    items += unit.inputs.length;
    chars += unit.chars;
  }
  const omitted = units.slice(0, units.length - kept.length).reduce((n, u) => n + u.inputs.length, 0);

  const events: ConversationItemCreateEvent[] = [];
  const itemIds: string[] = [];
  for (const { id, item } of kept.flatMap((u) => u.inputs)) {
    const keepId = id !== '' && id.length <= MAX_ITEM_ID;
    events.push({ type: 'conversation.item.create', item: keepId ? { ...item, id } : item });
    if (id !== '') itemIds.push(id);
  }
  return { events, itemIds, omitted, skipped };
}
