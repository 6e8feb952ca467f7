import { afterEach, describe, expect, it, vi } from 'vitest';
import { greeter, mount } from '../test/events.js';
import { ToolPanel } from './tool-panel.js';

const setup = () => {
  const root = mount('<div data-testid="tool-calls"></div>').firstElementChild as HTMLElement;
  const decisions = { approve: vi.fn(), reject: vi.fn() };
  return { root, decisions, panel: new ToolPanel(root, decisions) };
};
const card = (root: HTMLElement, callId: string) =>
  root.querySelector<HTMLElement>(`[data-call-id="${callId}"]`)!;

afterEach(() => {
  document.body.replaceChildren();
});

describe('ToolPanel', () => {
  it('renders a card with name, arguments, status and result', () => {
    const { root, panel } = setup();
    panel.handle({
      type: 'tool_start',
      agent: greeter,
      toolName: 'get_weather',
      callId: 'call_1',
      arguments: { city: 'Paris' },
    });
    const c = card(root, 'call_1');
    expect(c.querySelector('[data-testid="tool-name"]')!.textContent).toBe('get_weather');
    expect(JSON.parse(c.querySelector('[data-testid="tool-args"]')!.textContent!)).toEqual({ city: 'Paris' });
    expect(c.dataset.status).toBe('running');
    panel.handle({
      type: 'tool_end',
      agent: greeter,
      toolName: 'get_weather',
      callId: 'call_1',
      output: 'Sunny in Paris',
      ok: true,
    });
    expect(c.dataset.status).toBe('done');
    expect(c.querySelector('[data-testid="tool-status"]')!.textContent).toBe('done');
    expect(c.querySelector('[data-testid="tool-result"]')!.textContent).toContain('Sunny in Paris');
    expect(c.querySelector('button')).toBeNull();
  });

  it('shows errors', () => {
    const { root, panel } = setup();
    panel.handle({
      type: 'tool_start',
      agent: greeter,
      toolName: 'get_weather',
      callId: 'call_e',
      arguments: {},
    });
    panel.handle({
      type: 'tool_end',
      agent: greeter,
      toolName: 'get_weather',
      callId: 'call_e',
      output: "Error: invalid arguments for 'get_weather': city is required",
      ok: false,
    });
    const c = card(root, 'call_e');
    expect(c.dataset.status).toBe('error');
    expect(c.querySelector('[data-testid="tool-error"]')!.textContent).toContain('city is required');
  });

  it('Approve calls approveTool with the call id, then the card follows the run', () => {
    const { root, decisions, panel } = setup();
    panel.handle({
      type: 'tool_approval_requested',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_b',
      arguments: { name: 'Ana', time: '20:00' },
    });
    const c = card(root, 'call_b');
    expect(c.dataset.status).toBe('awaiting approval');
    c.querySelector<HTMLButtonElement>('[data-testid="tool-approve"]')!.click();
    expect(decisions.approve).toHaveBeenCalledWith('call_b');
    expect(decisions.reject).not.toHaveBeenCalled();
    expect(c.querySelector<HTMLButtonElement>('[data-testid="tool-approve"]')!.disabled).toBe(true);
    panel.handle({
      type: 'tool_start',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_b',
      arguments: { name: 'Ana', time: '20:00' },
    });
    panel.handle({
      type: 'tool_end',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_b',
      output: { confirmed: true },
      ok: true,
    });
    expect(c.dataset.status).toBe('done');
    expect(c.querySelector('.actions')).toBeNull();
    expect(root.querySelectorAll('[data-testid="tool-card"]')).toHaveLength(1);
  });

  it('Reject calls rejectTool and the card ends as rejected', () => {
    const { root, decisions, panel } = setup();
    panel.handle({
      type: 'tool_approval_requested',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_r',
      arguments: {},
    });
    card(root, 'call_r').querySelector<HTMLButtonElement>('[data-testid="tool-reject"]')!.click();
    expect(decisions.reject).toHaveBeenCalledWith('call_r');
    panel.handle({
      type: 'tool_end',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_r',
      output: 'The user rejected this call',
      ok: false,
    });
    expect(card(root, 'call_r').dataset.status).toBe('rejected');
  });

  it('shows a failing decision on the card instead of throwing', () => {
    const { root, decisions, panel } = setup();
    decisions.approve.mockImplementation(() => {
      throw new Error("No tool call 'call_x' is waiting for approval");
    });
    panel.handle({
      type: 'tool_approval_requested',
      agent: greeter,
      toolName: 'book_table',
      callId: 'call_x',
      arguments: {},
    });
    card(root, 'call_x').querySelector<HTMLButtonElement>('[data-testid="tool-approve"]')!.click();
    expect(card(root, 'call_x').dataset.status).toBe('error');
    expect(card(root, 'call_x').textContent).toContain('waiting for approval');
  });

  it('puts the newest call first', () => {
    const { root, panel } = setup();
    panel.handle({ type: 'tool_start', agent: greeter, toolName: 'a', callId: 'c1', arguments: {} });
    panel.handle({ type: 'tool_start', agent: greeter, toolName: 'b', callId: 'c2', arguments: {} });
    expect(
      [...root.querySelectorAll<HTMLElement>('[data-testid="tool-card"]')].map((c) => c.dataset.callId),
    ).toEqual(['c2', 'c1']);
  });
});
