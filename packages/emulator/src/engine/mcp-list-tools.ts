/**
 * The hosted MCP servers of one session and their tool listings (protocol §6.4, §6.6). When the
 * session's tools gain an `{type:"mcp"}` entry, or an entry's server, headers, authorization or
 * `allowed_tools` change, the server's tools are listed again:
 *
 * `conversation.item.added` (`mcp_list_tools`, `tools: []`) → `mcp_list_tools.in_progress` →
 * (`tools/list` over MCP) → `mcp_list_tools.completed` | `mcp_list_tools.failed` →
 * `conversation.item.done` (the item with the tools `allowed_tools` lets through; `[]` on failure).
 * @module
 */
import type { Item } from '@realtime-agents/core/protocol';
import { newId } from '../ids.js';
import { McpConnection } from './mcp-client.js';
import type { Conversation } from './conversation.js';
import { isAllowed, listingKey, type McpListedTool, type McpToolConfig, mcpConfigs } from './mcp-config.js';

/** One configured server: its connection and its latest listing. */
export interface McpServerState {
  config: McpToolConfig;
  key: string;
  connection: McpConnection;
  /** Id of the latest `mcp_list_tools` item. */
  itemId: string;
  /** Tools `allowed_tools` lets through (empty until the listing completes, or when it failed). */
  tools: McpListedTool[];
  status: 'in_progress' | 'completed' | 'failed';
  listing: Promise<void>;
}

/** A listed tool the model may call this response. */
export interface McpAvailableTool extends McpListedTool {
  serverLabel: string;
}

/** What the server list needs from its session. */
export interface McpHostContext {
  conversation: Conversation;
  emit(event: Record<string, unknown>): void;
}

/** Close a replaced server's connection once its listing (if still under way) has finished. */
function retire(state: McpServerState): void {
  void state.listing.then(() => state.connection.close());
}

/** The MCP servers of one session. */
export class McpServers {
  readonly #servers = new Map<string, McpServerState>();

  constructor(private readonly ctx: McpHostContext) {}

  /** Bring the servers in line with the session's `tools` (list new or changed ones, drop removed ones). */
  sync(tools: readonly unknown[] | undefined): void {
    const configs = mcpConfigs(tools);
    for (const [label, state] of this.#servers) {
      if (!configs.has(label)) {
        this.#servers.delete(label);
        retire(state);
      }
    }
    for (const [label, config] of configs) {
      const state = this.#servers.get(label);
      const key = listingKey(config);
      if (state && state.key === key) {
        state.config = config; // e.g. require_approval changed: no new listing
        continue;
      }
      if (state) retire(state);
      this.#list(label, config, key);
    }
  }

  /** The state of a server by label. */
  get(label: string): McpServerState | undefined {
    return this.#servers.get(label);
  }

  /** The callable tools of these servers, once any listing under way has finished. */
  async available(labels?: readonly string[]): Promise<McpAvailableTool[]> {
    const states = [...this.#servers.entries()].filter(([label]) => !labels || labels.includes(label));
    await Promise.all(states.map(([, s]) => s.listing));
    return states.flatMap(([label, s]) => s.tools.map((t) => ({ ...t, serverLabel: label })));
  }

  /** Close every connection (session end). */
  close(): void {
    for (const state of this.#servers.values()) void state.connection.close();
    this.#servers.clear();
  }

  #list(label: string, config: McpToolConfig, key: string): void {
    const connection = new McpConnection(config);
    const item = {
      id: newId.item(),
      type: 'mcp_list_tools',
      server_label: label,
      tools: [] as McpListedTool[],
    };
    const state: McpServerState = {
      config,
      key,
      connection,
      itemId: item.id,
      tools: [],
      status: 'in_progress',
      listing: Promise.resolve(),
    };
    this.#servers.set(label, state);
    const prev = this.ctx.conversation.insert({ item: item as unknown as Item });
    this.ctx.emit({ type: 'conversation.item.added', previous_item_id: prev, item: structuredClone(item) });
    this.ctx.emit({ type: 'mcp_list_tools.in_progress', item_id: item.id });
    // A superseded listing still finishes its own item; only the current one feeds the model.
    const current = () => this.#servers.get(label) === state;
    state.listing = connection.listTools().then(
      (tools) => {
        item.tools = tools.filter((t) => isAllowed(config, t));
        if (current()) {
          state.tools = item.tools;
          state.status = 'completed';
        }
        this.ctx.emit({ type: 'mcp_list_tools.completed', item_id: item.id });
        this.#done(item);
      },
      () => {
        if (current()) state.status = 'failed';
        this.ctx.emit({ type: 'mcp_list_tools.failed', item_id: item.id });
        this.#done(item);
      },
    );
  }

  #done(item: { id: string }): void {
    if (!this.ctx.conversation.has(item.id)) return; // deleted by the client meanwhile
    this.ctx.emit({
      type: 'conversation.item.done',
      previous_item_id: this.ctx.conversation.previousOf(item.id),
      item: structuredClone(item),
    });
  }
}
