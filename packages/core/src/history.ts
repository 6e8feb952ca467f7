/**
 * The local mirror of the conversation: items keyed by `item_id`, ordered by `previous_item_id`,
 * with user and assistant transcripts filled in whenever they arrive.
 * @module
 */
import type { ContentPart, Item } from './protocol/items.js';

export interface HistoryMessage {
  itemId: string;
  type: 'message';
  role: 'user' | 'assistant' | 'system';
  status: 'in_progress' | 'completed' | 'incomplete';
  /** Text or transcript of the message (null while a user's speech is not transcribed yet). */
  text: string | null;
  content: ContentPart[];
}
export interface HistoryFunctionCall {
  itemId: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  name: string;
  callId: string;
  arguments: string;
  /** The output sent back, once there is one. */
  output: string | null;
}
export interface HistoryFunctionOutput {
  itemId: string;
  type: 'function_call_output';
  callId: string;
  output: string;
}
/** A hosted MCP server's tool list (`mcp_list_tools`); `tools` is empty while listing or after a failure. */
export interface HistoryMcpListTools {
  itemId: string;
  type: 'mcp_list_tools';
  serverLabel: string;
  tools: Array<{ name: string; description?: string; input_schema?: unknown }>;
  raw: Item;
}
/** A call the server made to a hosted MCP tool (`mcp_call`), with its output or error once done. */
export interface HistoryMcpCall {
  itemId: string;
  type: 'mcp_call';
  serverLabel: string;
  name: string;
  arguments: string;
  output: string | null;
  error: unknown;
  raw: Item;
}
/** The server asking before it calls a hosted MCP tool (`mcp_approval_request`). */
export interface HistoryMcpApprovalRequest {
  itemId: string;
  type: 'mcp_approval_request';
  serverLabel: string;
  name: string;
  arguments: string;
  raw: Item;
}
export interface HistoryOther {
  itemId: string;
  type: string;
  raw: Item;
}
/** One item of `session.history`. */
export type HistoryItem =
  | HistoryMessage
  | HistoryFunctionCall
  | HistoryFunctionOutput
  | HistoryMcpListTools
  | HistoryMcpCall
  | HistoryMcpApprovalRequest
  | HistoryOther;

function textOf(content: ContentPart[]): string | null {
  let out: string | null = null;
  for (const c of content) {
    const t = 'text' in c ? c.text : 'transcript' in c ? c.transcript : null;
    if (typeof t === 'string') out = (out ?? '') + t;
  }
  return out;
}

function fromItem(item: Item, storeAudio: boolean, previous?: HistoryItem): HistoryItem {
  const status = ((item as { status?: string }).status ?? 'completed') as HistoryMessage['status'];
  if (item.type === 'message') {
    const m = item as Extract<Item, { type: 'message' }>;
    const content = m.content.map((c) => ({ ...c }));
    const before = previous?.type === 'message' ? (previous as HistoryMessage).content : [];
    for (const [i, c] of content.entries()) {
      if (!('audio' in c || 'transcript' in c)) continue;
      // Events after a retrieve carry no audio bytes: keep the ones fetched.
      const kept = storeAudio ? (c.audio ?? (before[i] as { audio?: string } | undefined)?.audio) : undefined;
      if (kept) c.audio = kept;
      else delete c.audio;
    }
    let text = textOf(content);
    // Keep transcripts we already had when the server re-sends the item without them.
    if ((text === null || text === '') && previous?.type === 'message')
      text = (previous as HistoryMessage).text;
    return { itemId: m.id, type: 'message', role: m.role, status, text, content };
  }
  if (item.type === 'function_call') {
    const f = item as Extract<Item, { type: 'function_call' }>;
    return {
      itemId: f.id,
      type: 'function_call',
      status,
      name: f.name,
      callId: f.call_id,
      arguments: f.arguments,
      output: previous?.type === 'function_call' ? (previous as HistoryFunctionCall).output : null,
    };
  }
  if (item.type === 'function_call_output') {
    const o = item as Extract<Item, { type: 'function_call_output' }>;
    return { itemId: o.id, type: 'function_call_output', callId: o.call_id, output: o.output };
  }
  if (item.type.startsWith('mcp_') && item.type !== 'mcp_approval_response') return mcpEntry(item);
  return { itemId: item.id, type: item.type, raw: item };
}

function mcpEntry(item: Item): HistoryItem {
  const m = item as unknown as Record<string, unknown>;
  const base = { itemId: item.id, type: item.type, serverLabel: String(m.server_label ?? ''), raw: item };
  if (item.type === 'mcp_list_tools')
    return { ...base, tools: Array.isArray(m.tools) ? m.tools : [] } as HistoryItem;
  const call = { ...base, name: String(m.name ?? ''), arguments: String(m.arguments ?? '') };
  if (item.type !== 'mcp_call') return call as HistoryItem;
  return {
    ...call,
    output: typeof m.output === 'string' ? m.output : null,
    error: m.error ?? null,
  } as HistoryItem;
}

/**
 * The conversation mirror. Returns from each mutation whether something changed, so the session
 * emits `history_added` / `history_updated` only when it did.
 */
export class History {
  #items: HistoryItem[] = [];
  /** Keep audio bytes in message content (`historyStoreAudio`). */
  readonly #storeAudio: boolean;
  readonly #index = new Map<string, number>();
  /** Ids this client created at "root": their echo (previous_item_id null) goes first, not last. */
  readonly #first = new Set<string>();

  constructor(options: { storeAudio?: boolean } = {}) {
    this.#storeAudio = options.storeAudio === true;
  }

  get items(): readonly HistoryItem[] {
    return this.#items;
  }

  get(itemId: string): HistoryItem | undefined {
    const i = this.#index.get(itemId);
    return i === undefined ? undefined : this.#items[i];
  }

  /** Re-number the items from position `from` on (the ones before it did not move). */
  #reindex(from: number): void {
    const items = this.#items;
    for (let i = from; i < items.length; i++) this.#index.set(items[i]!.itemId, i);
  }

  /** The item `itemId` was created at the start of the conversation (`previous_item_id: "root"`). */
  placeFirst(itemId: string): void {
    this.#first.add(itemId);
  }

  /** Add or replace an item; `previousItemId` decides its place. Returns 'added', 'updated' or null. */
  upsert(item: Item, previousItemId?: string | null): 'added' | 'updated' | null {
    const at = this.#index.get(item.id);
    if (at !== undefined) {
      const next = fromItem(item, this.#storeAudio, this.#items[at]);
      this.#items[at] = next;
      return 'updated';
    }
    const entry = fromItem(item, this.#storeAudio);
    const after = previousItemId ? this.#index.get(previousItemId) : undefined;
    // Usually the new item goes last: then only its own index is new (no O(n) renumbering).
    const first = previousItemId === null && this.#first.delete(item.id);
    const pos = first ? 0 : after === undefined ? this.#items.length : after + 1;
    this.#items.splice(pos, 0, entry);
    this.#reindex(pos);
    if (entry.type === 'function_call_output') {
      const o = entry as HistoryFunctionOutput;
      this.#attachOutput(o.callId, o.output);
    }
    return 'added';
  }

  #attachOutput(callId: string, output: string): void {
    for (const it of this.#items) {
      if (it.type === 'function_call' && (it as HistoryFunctionCall).callId === callId) {
        (it as HistoryFunctionCall).output = output;
      }
    }
  }

  /** Set the text of a message (user transcription, assistant transcript). */
  setText(itemId: string, text: string): boolean {
    const it = this.get(itemId);
    if (it?.type !== 'message') return false;
    const m = it as HistoryMessage;
    if (m.text === text) return false;
    m.text = text;
    return true;
  }

  setStatus(itemId: string, status: HistoryMessage['status']): boolean {
    const it = this.get(itemId) as HistoryMessage | undefined;
    if (!it || !('status' in it) || it.status === status) return false;
    it.status = status;
    return true;
  }

  /** The id of the newest assistant message, if any. */
  lastAssistantMessage(): string | null {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i] as HistoryItem;
      if (it.type === 'message' && (it as HistoryMessage).role === 'assistant') return it.itemId;
    }
    return null;
  }

  remove(itemId: string): boolean {
    const i = this.#index.get(itemId);
    if (i === undefined) return false;
    this.#items.splice(i, 1);
    this.#index.delete(itemId);
    this.#reindex(i);
    return true;
  }
}
