/**
 * Hosted MCP servers as the session sees them: the server lists and calls their tools itself, and
 * this part turns its items and events into session events and answers its approval requests.
 * @module
 */
import type { SessionEvent } from './events.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { ServerEvent } from './protocol/server-events.js';

/** Wait for `approveTool`/`rejectTool` on `callId` (the same path as function tools). */
export type AwaitApproval = (
  callId: string,
  toolName: string,
  args: unknown,
  /** What an `{ always: true }` decision is remembered under. */
  key: string,
  serverLabel: string,
) => Promise<McpDecision>;
export interface McpDecision {
  approved: boolean;
  message?: string;
}

export interface McpEventsDeps {
  emit(event: SessionEvent): void;
  send(event: ClientEvent): void;
  nextEventId(): string;
  awaitApproval: AwaitApproval;
  /** Ask for a response (the server does not answer by itself after an approval). */
  requestResponse(): void;
  /** Whether a response that ended with this server's call should be followed by an answer. */
  answerAfterCall(serverLabel: string): boolean;
}

/** What the session calls for each server event once an agent with MCP servers was configured. */
export interface McpObserver {
  observe(e: ServerEvent): void;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Watches every server event for MCP items; never consumes an event.
 * @example
 * const mcp = new McpEvents(deps);
 * mcp.observe(serverEvent); // may emit `mcp_tools_listed`, `mcp_call_completed`, `tool_approval_requested`…
 */
export class McpEvents implements McpObserver {
  readonly #d: McpEventsDeps;
  readonly #answered = new Set<string>();
  /** Calls already reported: the item arrives as both output_item.done and conversation.item.done. */
  readonly #reported = new Set<string>();
  readonly #listFailed = new Set<string>();
  /** MCP items still in progress (server label, tool, arguments so far), by item id. */
  readonly #open = new Map<string, Obj>();

  constructor(deps: McpEventsDeps) {
    this.#d = deps;
  }

  observe(e: ServerEvent): void {
    const d = this.#d;
    if (e.type === 'mcp_list_tools.failed') {
      this.#listFailed.add(e.item_id);
      const serverLabel = str(this.#open.get(e.item_id)?.server_label);
      d.emit({ type: 'mcp_tools_list_failed', itemId: e.item_id, serverLabel });
    } else if (e.type === 'response.done') this.#responseDone(e.response);
    else if (e.type === 'conversation.item.added' || e.type === 'response.output_item.added') {
      const item = e.item as unknown as Obj;
      if (item.type === 'mcp_call' || item.type === 'mcp_list_tools')
        this.#open.set(str(item.id), { ...item });
    } else if (e.type === 'response.mcp_call_arguments.done') {
      const open = this.#open.get(e.item_id);
      if (open) open.arguments = e.arguments;
    } else if (e.type === 'response.mcp_call.in_progress') {
      d.emit({ type: 'mcp_call_started', itemId: e.item_id, ...callFields(this.#open.get(e.item_id) ?? {}) });
    } else if (e.type === 'conversation.item.done' || e.type === 'response.output_item.done') {
      this.#item(e.item as unknown as Obj);
    }
  }

  #responseDone(response: unknown): void {
    const label = endedOnCall(response);
    if (label !== null && this.#d.answerAfterCall(label)) this.#d.requestResponse();
  }

  #item(item: Obj): void {
    const d = this.#d;
    const serverLabel = str(item.server_label);
    if (item.type === 'mcp_list_tools' || item.type === 'mcp_call') this.#open.delete(str(item.id));
    if (item.type === 'mcp_list_tools' && Array.isArray(item.tools)) {
      if (this.#listFailed.has(str(item.id))) return; // its failure was reported, not an empty list
      const tools = (item.tools as Obj[]).map((t) => ({
        name: str(t.name),
        description: str(t.description),
      }));
      d.emit({ type: 'mcp_tools_listed', itemId: str(item.id), serverLabel, tools });
    } else if (item.type === 'mcp_call' && (item.output != null || item.error != null)) {
      if (this.#reported.has(str(item.id))) return;
      this.#reported.add(str(item.id));
      const base = { itemId: str(item.id), ...callFields(item) };
      if (item.error != null) d.emit({ type: 'mcp_call_failed', ...base, error: item.error });
      else d.emit({ type: 'mcp_call_completed', ...base, output: str(item.output) });
    } else if (item.type === 'mcp_approval_request') {
      const id = str(item.id);
      if (this.#answered.has(id)) return;
      this.#answered.add(id);
      void d
        .awaitApproval(
          id,
          str(item.name),
          parseArgs(item.arguments),
          `mcp:${serverLabel}:${str(item.name)}`,
          serverLabel,
        )
        .then((decision) => {
          d.send({
            type: 'conversation.item.create',
            event_id: d.nextEventId(),
            item: {
              type: 'mcp_approval_response',
              approval_request_id: id,
              approve: decision.approved,
              ...(decision.message !== undefined && !decision.approved && { reason: decision.message }),
            },
          });
          d.requestResponse();
        });
    }
  }
}

/** What the call events say about an `mcp_call` item. */
const callFields = (item: Obj) => ({
  serverLabel: str(item.server_label),
  toolName: str(item.name),
  arguments: str(item.arguments),
  approvalRequestId: typeof item.approval_request_id === 'string' ? item.approval_request_id : null,
});

/** A response that ended on an MCP call has not spoken about its output yet. */
function endedOnCall(response: unknown): string | null {
  const r = response as { status?: unknown; output?: unknown };
  if (r.status !== 'completed' || !Array.isArray(r.output)) return null;
  const last = r.output.at(-1) as Obj | undefined;
  return last?.type === 'mcp_call' ? str(last.server_label) : null;
}

function parseArgs(a: unknown): unknown {
  try {
    return typeof a === 'string' ? JSON.parse(a) : a;
  } catch {
    return a;
  }
}
