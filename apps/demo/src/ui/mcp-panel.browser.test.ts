import type { SessionEvent } from '@realtime-agents/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { greeter, mount } from '../test/events.js';
import { McpPanel } from './mcp-panel.js';

const MARKUP = `<section data-testid="mcp-card" hidden>
  <code data-testid="mcp-server"></code><span data-testid="mcp-state"></span>
  <ul data-testid="mcp-tools"></ul><ol data-testid="mcp-calls"></ol>
</section>`;

const SERVER = { serverLabel: 'files', url: 'http://127.0.0.1:1/mcp', alwaysApprove: ['delete_file'] };

const setup = () => {
  const root = mount(MARKUP).firstElementChild as HTMLElement;
  const decisions = { approve: vi.fn(), reject: vi.fn() };
  const panel = new McpPanel(root, decisions);
  panel.setServer(SERVER);
  return { root, decisions, panel };
};
const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
const calls = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('[data-testid="mcp-call"]')];

/** A raw server event, as the session reports it. */
const raw = (event: Record<string, unknown>): SessionEvent =>
  ({ type: 'raw', event }) as unknown as SessionEvent;
const added = (item: Record<string, unknown>) =>
  raw({ type: 'response.output_item.added', item: { server_label: 'files', ...item } });
const listed = (
  serverLabel = 'files',
  tools = [
    { name: 'roll_dice', description: 'Roll a die.' },
    { name: 'delete_file', description: 'Delete a file.' },
  ],
): SessionEvent => ({ type: 'mcp_tools_listed', itemId: 'list_1', serverLabel, tools });

afterEach(() => {
  document.body.replaceChildren();
});

describe('McpPanel', () => {
  it('shows the server, and the listed tools with which ones ask for approval', () => {
    const { root, panel } = setup();
    expect(root.hidden).toBe(false);
    expect(q(root, 'mcp-server').textContent).toBe('files');
    expect(q(root, 'mcp-state').dataset.state).toBe('idle');
    panel.connecting();
    expect(q(root, 'mcp-state').dataset.state).toBe('listing');
    expect(panel.handle(listed())).toBe(true);
    expect(q(root, 'mcp-state').textContent).toBe('2 tools listed');
    const tools = [...root.querySelectorAll<HTMLElement>('[data-testid="mcp-tool"]')];
    expect(tools.map((t) => [t.dataset.tool, t.dataset.approval])).toEqual([
      ['roll_dice', 'never'],
      ['delete_file', 'always'],
    ]);
    expect(tools[0]!.textContent).toContain('Roll a die.');
    // another server's listing is not this card's
    panel.handle(listed('other', []));
    expect(root.querySelectorAll('[data-testid="mcp-tool"]')).toHaveLength(2);
  });

  it('a call without approval: named when it starts, then its arguments and output', () => {
    const { root, panel } = setup();
    panel.handle(added({ type: 'mcp_call', id: 'mcp_1', name: 'roll_dice', approval_request_id: null }));
    const [call] = calls(root);
    expect(call!.dataset.tool).toBe('roll_dice');
    expect(call!.dataset.status).toBe('calling');
    panel.handle(
      raw({ type: 'response.mcp_call_arguments.done', item_id: 'mcp_1', arguments: '{"sides":20}' }),
    );
    expect(JSON.parse(q(call!, 'mcp-call-args').textContent!)).toEqual({ sides: 20 });
    panel.handle({
      type: 'mcp_call_started',
      itemId: 'mcp_1',
      serverLabel: 'files',
      toolName: 'roll_dice',
      arguments: '{"sides":20}',
      approvalRequestId: null,
    });
    expect(call!.dataset.status).toBe('running');
    panel.handle({
      type: 'mcp_call_completed',
      itemId: 'mcp_1',
      approvalRequestId: null,
      serverLabel: 'files',
      toolName: 'roll_dice',
      arguments: '{"sides":20}',
      output: 'You rolled a 4 on a 20-sided die.',
    });
    expect(call!.dataset.status).toBe('done');
    expect(q(call!, 'mcp-call-output').textContent).toContain('You rolled a 4 on a 20-sided die.');
    expect(calls(root)).toHaveLength(1);
    expect(root.classList.contains('has-calls')).toBe(true);
  });

  it('an approval: Approve answers it, and the call that follows continues the same entry', () => {
    const { root, panel, decisions } = setup();
    panel.handle(added({ type: 'mcp_approval_request', id: 'mcpr_1', name: 'delete_file' }));
    const ask: SessionEvent = {
      type: 'tool_approval_requested',
      agent: greeter,
      toolName: 'delete_file',
      callId: 'mcpr_1',
      arguments: { path: 'notes' },
    };
    expect(panel.handle(ask)).toBe(true); // not the function-tool panel's
    const [entry] = calls(root);
    expect(entry!.dataset.status).toBe('awaiting approval');
    expect(entry!.querySelector('[role="group"]')!.getAttribute('aria-label')).toBe(
      'Approve or reject delete_file',
    );
    q(entry!, 'mcp-approve').click();
    expect(decisions.approve).toHaveBeenCalledWith('mcpr_1');
    expect(entry!.dataset.status).toBe('approved');
    expect(entry!.querySelector('button')).toBeNull();
    panel.handle(
      added({ type: 'mcp_call', id: 'mcp_2', name: 'delete_file', approval_request_id: 'mcpr_1' }),
    );
    panel.handle({
      type: 'mcp_call_started',
      itemId: 'mcp_2',
      serverLabel: 'files',
      toolName: 'delete_file',
      arguments: '{}',
      approvalRequestId: 'mcpr_1',
    });
    expect(entry!.dataset.status).toBe('running');
    panel.handle({
      type: 'mcp_call_failed',
      itemId: 'mcp_2',
      approvalRequestId: 'mcpr_1',
      serverLabel: 'files',
      toolName: 'delete_file',
      arguments: '{"path":"protected"}',
      error: { type: 'tool_execution_error', message: 'Permission denied: protected is protected.' },
    });
    expect(calls(root)).toHaveLength(1);
    expect(entry!.dataset.status).toBe('error');
    expect(q(entry!, 'mcp-call-error').textContent).toContain('Permission denied');
  });

  it('Reject answers the approval and says the server was not called', () => {
    const { root, panel, decisions } = setup();
    panel.handle(added({ type: 'mcp_approval_request', id: 'mcpr_2', name: 'delete_file' }));
    panel.handle({
      type: 'tool_approval_requested',
      agent: greeter,
      toolName: 'delete_file',
      callId: 'mcpr_2',
      arguments: { path: 'taxes' },
    });
    const [entry] = calls(root);
    q(entry!, 'mcp-reject').click();
    expect(decisions.reject).toHaveBeenCalledWith('mcpr_2');
    expect(entry!.dataset.status).toBe('rejected');
    expect(q(entry!, 'mcp-call-note').textContent).toContain('not called');
  });

  it("leaves function tools' approvals to the tool panel, and hides without a server", () => {
    const { root, panel } = setup();
    const ask: SessionEvent = {
      type: 'tool_approval_requested',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_1',
      arguments: {},
    };
    expect(panel.handle(ask)).toBe(false);
    expect(calls(root)).toHaveLength(0);
    panel.handle({ type: 'mcp_tools_list_failed', itemId: 'list_2', serverLabel: 'files' });
    expect(q(root, 'mcp-state').dataset.state).toBe('failed');
    panel.setServer(null);
    expect(root.hidden).toBe(true);
    expect(panel.handle(listed())).toBe(false);
  });
});
