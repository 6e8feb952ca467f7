/**
 * `session.updateHistory()`: the protocol calls (`conversation.item.delete` / `.create`) that turn
 * the server's conversation into the one the caller asked for. The local history then follows the
 * server's echoes, as it does for every other change.
 * @module
 */
import { ConfigError } from './errors.js';
import type {
  History,
  HistoryFunctionCall,
  HistoryFunctionOutput,
  HistoryItem,
  HistoryMessage,
} from './history.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { ItemInput } from './protocol/items.js';

/**
 * A message to add in `updateHistory`: a role and its text (no `itemId`; the kit assigns one).
 * @example
 * session.updateHistory((h) => [{ type: 'message', role: 'system', text: 'Be brief.' }, ...h]);
 */
export interface NewHistoryMessage {
  type: 'message';
  role: 'user' | 'assistant' | 'system';
  text: string;
}

/** What `updateHistory` takes: items of `session.history` (kept, moved or edited) and new messages. */
export type HistoryUpdate = ReadonlyArray<HistoryItem | NewHistoryMessage>;

/**
 * `updateHistory`'s argument: the new history, or a function from the current one to it.
 * @example
 * const keepLastSix: HistoryUpdater = (history) => history.slice(-6);
 */
export type HistoryUpdater = HistoryUpdate | ((history: readonly HistoryItem[]) => HistoryUpdate);

type Edit = Extract<ClientEvent, { type: 'conversation.item.delete' | 'conversation.item.create' }>;
type Distributive<T> = T extends unknown ? Omit<T, 'event_id'> : never;
/** A delete or create to send, without its `event_id`. */
export type HistoryEditEvent = Distributive<Edit>;

const ROLES = ['user', 'assistant', 'system'];
const isExisting = (x: HistoryItem | NewHistoryMessage): x is HistoryItem =>
  typeof (x as { itemId?: unknown }).itemId === 'string';

/**
 * The deletes (first) and creates (in order, each after the item before it) that make `current`
 * into `next`. An item kept unchanged and in order is not touched; an edited or moved one is
 * deleted and created again with a new id (the API cannot change an item in place).
 * @example
 * historyEdits(session.history, session.history.slice(-4), newId); // deletes all but the last 4
 */
export function historyEdits(
  current: readonly HistoryItem[],
  next: HistoryUpdate,
  newId: () => string,
): HistoryEditEvent[] {
  if (!Array.isArray(next))
    throw new ConfigError(
      'updateHistory',
      `updateHistory(): expected an array of history items, got ${typeof next}`,
    );
  const byId = new Map(current.map((it, i) => [it.itemId, { it, i }]));
  const keep = new Set<string>();
  let lastKeptAt = -1;
  for (const [at, x] of next.entries()) {
    if (!isExisting(x)) {
      checkNew(x, at);
      continue;
    }
    const found = byId.get(x.itemId);
    if (!found)
      throw new ConfigError(
        'updateHistory',
        `updateHistory(): item ${at} has itemId '${x.itemId}', which is not in session.history; to add a message, pass { type: 'message', role, text } without an itemId`,
      );
    if (keep.has(x.itemId))
      throw new ConfigError('updateHistory', `updateHistory(): item ${at} ('${x.itemId}') appears twice`);
    if (found.i > lastKeptAt && sameItem(found.it, x)) {
      keep.add(x.itemId);
      lastKeptAt = found.i;
    }
  }
  const edits: HistoryEditEvent[] = current
    .filter((it) => !keep.has(it.itemId))
    .map((it) => ({ type: 'conversation.item.delete', item_id: it.itemId }));
  let previous = 'root';
  for (const x of next) {
    if (isExisting(x) && keep.has(x.itemId)) {
      previous = x.itemId;
      continue;
    }
    const id = newId();
    edits.push({
      type: 'conversation.item.create',
      previous_item_id: previous,
      item: { ...wireItem(x), id },
    });
    previous = id;
  }
  return edits;
}

/**
 * Send the edits that make the server's conversation `next` (an array, or a function of the history).
 * @example
 * updateHistory(history, (h) => h.slice(-6), nextEventId, send);
 */
export function updateHistory(
  history: History,
  next: HistoryUpdater,
  nextEventId: () => string,
  send: (event: ClientEvent) => void,
): void {
  const newId = idsOf.get(history) ?? itemIds();
  idsOf.set(history, newId);
  const items = history.items;
  for (const e of historyEdits(items, typeof next === 'function' ? next(items) : next, newId)) {
    if (e.type === 'conversation.item.create' && e.previous_item_id === 'root' && e.item.id)
      history.placeFirst(e.item.id);
    send({ ...e, event_id: nextEventId() } as ClientEvent);
  }
}

/** One id sequence per session (its history). */
const idsOf = new WeakMap<History, () => string>();

/**
 * Ids for re-created items: unique per session and within the API's 32 characters.
 * @example
 * const newId = itemIds(); newId(); // 'item_k3j9x2_1'
 */
export function itemIds(): () => string {
  const prefix = `item_${Math.random().toString(36).slice(2, 10)}_`;
  let n = 0;
  return () => `${prefix}${++n}`;
}

function checkNew(x: NewHistoryMessage, at: number): void {
  if (x === null || typeof x !== 'object' || x.type !== 'message')
    throw new ConfigError(
      'updateHistory',
      `updateHistory(): item ${at} is neither an item of session.history nor a new message { type: 'message', role, text }`,
    );
  if (!ROLES.includes(x.role))
    throw new ConfigError(
      'updateHistory',
      `updateHistory(): item ${at} has role ${JSON.stringify(x.role)}; allowed: ${ROLES.join(', ')}`,
    );
  if (typeof x.text !== 'string')
    throw new ConfigError(
      'updateHistory',
      `updateHistory(): item ${at} needs text as a string, got ${typeof x.text}`,
    );
}

function sameItem(a: HistoryItem, b: HistoryItem): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'message') return (a as HistoryMessage).text === (b as HistoryMessage).text;
  if (a.type === 'function_call')
    return (a as HistoryFunctionCall).arguments === (b as HistoryFunctionCall).arguments;
  if (a.type === 'function_call_output')
    return (a as HistoryFunctionOutput).output === (b as HistoryFunctionOutput).output;
  return true;
}

/** The item to create for `x`. Audio cannot be sent back, so a spoken message is re-created as its text. */
function wireItem(x: HistoryItem | NewHistoryMessage): ItemInput {
  if (x.type === 'message') {
    const m = x as HistoryMessage | NewHistoryMessage;
    const images = 'content' in m ? m.content.filter((c) => c.type === 'input_image') : [];
    const kind = m.role === 'assistant' ? 'output_text' : 'input_text';
    const text = m.text || images.length === 0 ? [{ type: kind, text: m.text ?? '' }] : [];
    return { type: 'message', role: m.role, content: [...text, ...images] } as ItemInput;
  }
  if (x.type === 'function_call') {
    const f = x as HistoryFunctionCall;
    return { type: 'function_call', call_id: f.callId, name: f.name, arguments: f.arguments } as ItemInput;
  }
  if (x.type === 'function_call_output') {
    const o = x as HistoryFunctionOutput;
    return { type: 'function_call_output', call_id: o.callId, output: o.output } as ItemInput;
  }
  throw new ConfigError(
    'updateHistory',
    `updateHistory(): a ${x.type} item ('${(x as HistoryItem).itemId}') cannot be created by a client; keep it where it is or leave it out`,
  );
}
