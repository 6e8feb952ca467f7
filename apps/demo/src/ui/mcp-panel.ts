/**
 * The MCP card: the hosted MCP server the agent uses, the tools it listed (`mcp_tools_listed`), and
 * one entry per call — its arguments, output or error, and Approve / Reject while the server waits
 * for an approval (`tool_approval_requested` for an `mcp_approval_request` item).
 *
 * The typed events say little about a call before it ends (`mcp_call_started` has only the item id),
 * so the card also reads the raw server events: `response.output_item.added` names the call and links
 * it to its approval (`approval_request_id`), `response.mcp_call_arguments.done` has its arguments.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';
import { toLoggable } from '../loggable.js';
import { h } from './element.js';
import type { ToolDecisions } from './tool-panel.js';

/** The server as the page knows it (from `GET /config`), and which tools need approval. */
export interface McpServerInfo {
  serverLabel: string;
  url: string;
  /** Tool names that always need approval. */
  alwaysApprove: readonly string[];
}

type CallStatus = 'awaiting approval' | 'approved' | 'calling' | 'running' | 'done' | 'error' | 'rejected';
type ListState = 'idle' | 'listing' | 'listed' | 'failed';

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Arguments and results as the tool card shows them: JSON pretty-printed when it is JSON. */
function pretty(v: unknown): string {
  if (typeof v === 'string') {
    try {
      return JSON.stringify(JSON.parse(v), null, 2);
    } catch {
      return v;
    }
  }
  return JSON.stringify(toLoggable(v), null, 2);
}

/** Renders hosted MCP events into the `mcp-card` section. */
export class McpPanel {
  readonly #root: HTMLElement;
  readonly #decisions: ToolDecisions;
  readonly #tools: HTMLElement;
  readonly #calls: HTMLElement;
  readonly #state: HTMLElement;
  #server: McpServerInfo | null = null;
  /** Entries by approval request id and by call item id (a gated call has both). */
  readonly #entries = new Map<string, HTMLElement>();
  /** Ids of `mcp_approval_request` items of this server (their `tool_approval_requested` is ours). */
  readonly #approvals = new Set<string>();

  constructor(root: HTMLElement, decisions: ToolDecisions) {
    this.#root = root;
    this.#decisions = decisions;
    this.#tools = root.querySelector('[data-testid="mcp-tools"]')!;
    this.#calls = root.querySelector('[data-testid="mcp-calls"]')!;
    this.#state = root.querySelector('[data-testid="mcp-state"]')!;
  }

  /** The server the next session uses (`null`: none, the card hides). */
  setServer(server: McpServerInfo | null): void {
    this.#server = server;
    this.#root.hidden = server === null;
    if (server) this.#root.querySelector('[data-testid="mcp-server"]')!.textContent = server.serverLabel;
    this.clear();
  }

  /** A new session: forget the old calls and listing. */
  clear(): void {
    this.#entries.clear();
    this.#approvals.clear();
    this.#calls.replaceChildren();
    this.#tools.replaceChildren();
    this.#root.classList.remove('has-calls', 'mcp-listed');
    this.#setState('idle', 'Connect to list its tools.');
  }

  /** The session is connecting: the server lists the tools once the session is configured. */
  connecting(): void {
    this.clear();
    if (this.#server) this.#setState('listing', 'Listing tools…');
  }

  /**
   * Handle a session event; true when it was this server's (a `tool_approval_requested` for an MCP
   * approval is not the tool panel's).
   */
  handle(event: SessionEvent): boolean {
    if (!this.#server) return false;
    switch (event.type) {
      case 'raw':
        this.#raw(event.event as unknown as Obj);
        return false;
      case 'mcp_tools_listed':
        if (event.serverLabel !== this.#server.serverLabel) return true;
        this.#listed(event.tools);
        return true;
      case 'mcp_tools_list_failed':
        this.#tools.replaceChildren();
        this.#root.classList.remove('mcp-listed');
        this.#setState('failed', 'Listing its tools failed: the MCP server is down or refused.');
        return true;
      case 'mcp_call_started': {
        const entry = this.#entries.get(event.itemId);
        if (entry) this.#status(entry, 'running');
        return true;
      }
      case 'mcp_call_completed':
      case 'mcp_call_failed': {
        if (event.serverLabel !== this.#server.serverLabel) return true;
        const entry = this.#entry(event.itemId, event.toolName);
        this.#args(entry, event.arguments);
        entry.querySelector('.actions')?.remove();
        entry.querySelector('.output')?.remove();
        const ok = event.type === 'mcp_call_completed';
        this.#status(entry, ok ? 'done' : 'error');
        entry.append(
          h(
            'div',
            { class: 'output', 'data-testid': ok ? 'mcp-call-output' : 'mcp-call-error' },
            h('span', { class: 'label' }, ok ? 'Output' : 'Error'),
            h('pre', {}, ok ? event.output : pretty(event.error)),
          ),
        );
        return true;
      }
      case 'tool_approval_requested': {
        if (!this.#approvals.has(event.callId)) return false;
        this.#ask(event.callId, event.toolName, event.arguments);
        return true;
      }
      default:
        return false;
    }
  }

  #raw(e: Obj): void {
    if (e.type === 'response.output_item.added' || e.type === 'conversation.item.added') {
      const item = (e.item ?? {}) as Obj;
      if (str(item.server_label) !== this.#server?.serverLabel) return;
      const id = str(item.id);
      if (item.type === 'mcp_approval_request') this.#approvals.add(id);
      else if (item.type === 'mcp_call' && !this.#entries.has(id)) {
        // A call after an approval continues that approval's entry.
        const approved = this.#entries.get(str(item.approval_request_id));
        if (approved) {
          this.#entries.set(id, approved);
          approved.dataset.itemId = id;
        } else this.#status(this.#entry(id, str(item.name)), 'calling');
      }
    } else if (e.type === 'response.mcp_call_arguments.done') {
      const entry = this.#entries.get(str(e.item_id));
      if (entry) this.#args(entry, str(e.arguments));
    }
  }

  #listed(tools: { name: string; description: string }[]): void {
    const always = new Set(this.#server?.alwaysApprove ?? []);
    this.#tools.replaceChildren(
      ...tools.map((t) => {
        const gated = always.has(t.name);
        return h(
          'li',
          { 'data-testid': 'mcp-tool', 'data-tool': t.name, 'data-approval': gated ? 'always' : 'never' },
          h('code', { class: 'tool-name' }, t.name),
          h(
            'span',
            { class: `badge ${gated ? 'gated' : 'free'}` },
            gated ? 'asks for approval' : 'runs without asking',
          ),
          t.description ? h('span', { class: 'description' }, t.description) : null,
        );
      }),
    );
    this.#root.classList.add('mcp-listed');
    this.#setState('listed', `${tools.length} tool${tools.length === 1 ? '' : 's'} listed`);
  }

  #ask(callId: string, toolName: string, args: unknown): void {
    const entry = this.#entry(callId, toolName);
    this.#args(entry, args);
    this.#status(entry, 'awaiting approval');
    const approve = h(
      'button',
      { type: 'button', class: 'approve', 'data-testid': 'mcp-approve' },
      'Approve',
    );
    const reject = h('button', { type: 'button', class: 'reject', 'data-testid': 'mcp-reject' }, 'Reject');
    approve.addEventListener('click', () => this.#decide(entry, callId, true));
    reject.addEventListener('click', () => this.#decide(entry, callId, false));
    entry.append(
      h(
        'div',
        { class: 'actions', role: 'group', 'aria-label': `Approve or reject ${toolName}` },
        approve,
        reject,
      ),
    );
    approve.focus({ preventScroll: true });
  }

  #decide(entry: HTMLElement, callId: string, approved: boolean): void {
    for (const b of entry.querySelectorAll('button')) b.disabled = true;
    entry.querySelector('.actions')?.remove();
    this.#status(entry, approved ? 'approved' : 'rejected');
    try {
      if (approved) this.#decisions.approve(callId);
      else {
        this.#decisions.reject(callId);
        entry.append(
          h(
            'p',
            { class: 'note', 'data-testid': 'mcp-call-note' },
            'Rejected: the MCP server was not called.',
          ),
        );
      }
    } catch (e) {
      this.#status(entry, 'error');
      entry.append(h('p', { class: 'output', role: 'alert' }, (e as Error).message));
    }
  }

  #entry(id: string, name: string): HTMLElement {
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = h(
        'li',
        { class: 'tool-card mcp-call', 'data-testid': 'mcp-call', 'data-item-id': id, 'data-tool': name },
        h(
          'header',
          {},
          h('code', { class: 'tool-name', 'data-testid': 'mcp-call-name' }, name),
          h('span', { class: 'tool-status', 'data-testid': 'mcp-call-status' }),
        ),
        h(
          'div',
          { class: 'args' },
          h('span', { class: 'label' }, 'Arguments'),
          h('pre', { 'data-testid': 'mcp-call-args' }),
        ),
      );
      this.#entries.set(id, entry);
      this.#calls.prepend(entry);
      this.#root.classList.add('has-calls');
    }
    return entry;
  }

  #args(entry: HTMLElement, args: unknown): void {
    if (args === undefined || args === '') return;
    entry.querySelector('[data-testid="mcp-call-args"]')!.textContent = pretty(args);
  }

  #status(entry: HTMLElement, status: CallStatus): void {
    entry.dataset.status = status;
    entry.querySelector('.tool-status')!.textContent = status;
  }

  #setState(state: ListState, message: string): void {
    this.#state.dataset.state = state;
    this.#state.textContent = message;
  }
}
