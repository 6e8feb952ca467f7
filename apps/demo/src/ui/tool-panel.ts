/**
 * The tool panel: one card per call with name, arguments, status, result or error, and Approve /
 * Reject for calls that wait for approval.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';
import { toLoggable } from '../loggable.js';
import { h } from './element.js';

/** What a card's buttons do; wired to `session.approveTool` / `session.rejectTool`. */
export interface ToolDecisions {
  approve(callId: string): void;
  reject(callId: string): void;
}

type Status = 'awaiting approval' | 'running' | 'done' | 'error' | 'rejected';

const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(toLoggable(v), null, 2));

/** Renders tool events into the `tool-calls` container. */
export class ToolPanel {
  readonly #root: HTMLElement;
  readonly #decisions: ToolDecisions;
  readonly #cards = new Map<string, HTMLElement>();
  readonly #rejected = new Set<string>();

  constructor(root: HTMLElement, decisions: ToolDecisions) {
    this.#root = root;
    this.#decisions = decisions;
  }

  handle(event: SessionEvent): void {
    switch (event.type) {
      case 'tool_approval_requested': {
        const card = this.#card(event.callId, event.toolName, event.arguments);
        this.#status(card, 'awaiting approval');
        const approve = h(
          'button',
          { type: 'button', class: 'approve', 'data-testid': 'tool-approve' },
          'Approve',
        );
        const reject = h(
          'button',
          { type: 'button', class: 'reject', 'data-testid': 'tool-reject' },
          'Reject',
        );
        const actions = h(
          'div',
          { class: 'actions', role: 'group', 'aria-label': 'Approve or reject' },
          approve,
          reject,
        );
        approve.addEventListener('click', () => this.#decide(card, event.callId, true));
        reject.addEventListener('click', () => this.#decide(card, event.callId, false));
        card.append(actions);
        approve.focus({ preventScroll: true });
        return;
      }
      case 'tool_start':
        this.#status(this.#card(event.callId, event.toolName, event.arguments), 'running');
        return;
      case 'tool_end': {
        const card = this.#card(event.callId, event.toolName, undefined);
        card.querySelector('.actions')?.remove();
        const status: Status = this.#rejected.has(event.callId) ? 'rejected' : event.ok ? 'done' : 'error';
        this.#status(card, status);
        const label = event.ok ? 'Result' : 'Error';
        card.querySelector('.output')?.remove();
        card.append(
          h(
            'div',
            { class: 'output', 'data-testid': event.ok ? 'tool-result' : 'tool-error' },
            h('span', { class: 'label' }, label),
            h('pre', {}, json(event.output)),
          ),
        );
        return;
      }
      default:
        return;
    }
  }

  clear(): void {
    this.#cards.clear();
    this.#rejected.clear();
    this.#root.replaceChildren();
  }

  #decide(card: HTMLElement, callId: string, approved: boolean): void {
    for (const b of card.querySelectorAll('button')) b.disabled = true;
    if (!approved) this.#rejected.add(callId);
    this.#status(card, approved ? 'running' : 'rejected');
    try {
      if (approved) this.#decisions.approve(callId);
      else this.#decisions.reject(callId);
    } catch (e) {
      this.#status(card, 'error');
      card.append(h('p', { class: 'output', role: 'alert' }, (e as Error).message));
    }
  }

  #card(callId: string, name: string, args: unknown): HTMLElement {
    let card = this.#cards.get(callId);
    if (!card) {
      card = h(
        'article',
        { class: 'tool-card', 'data-testid': 'tool-card', 'data-call-id': callId, 'data-tool': name },
        h(
          'header',
          {},
          h('code', { class: 'tool-name', 'data-testid': 'tool-name' }, name),
          h('span', { class: 'tool-status', 'data-testid': 'tool-status', role: 'status' }),
        ),
        h(
          'div',
          { class: 'args' },
          h('span', { class: 'label' }, 'Arguments'),
          h('pre', { 'data-testid': 'tool-args' }),
        ),
      );
      this.#cards.set(callId, card);
      this.#root.prepend(card);
    }
    if (args !== undefined) card.querySelector('[data-testid="tool-args"]')!.textContent = json(args);
    return card;
  }

  #status(card: HTMLElement, status: Status): void {
    card.dataset.status = status;
    card.querySelector('.tool-status')!.textContent = status;
  }
}
