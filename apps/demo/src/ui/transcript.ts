/**
 * The transcript: user and assistant entries (`data-role`), partials updated in place, finals,
 * guardrail chips on blocked answers and handoff breadcrumbs.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';
import { h } from './element.js';

/** Renders session events into the `transcript` list. */
export class TranscriptView {
  readonly #list: HTMLElement;
  readonly #entries = new Map<string, HTMLElement>();
  readonly #responseOfItem = new Map<string, string>();
  readonly #blocked = new Map<string, string>();
  #response: string | null = null;
  /** Keep the newest entry in view unless the user scrolled up to read. */
  #follow = true;

  constructor(list: HTMLElement) {
    this.#list = list;
    list.addEventListener('scroll', () => {
      this.#follow = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    });
  }

  /** Feed every session event; the ones the transcript shows are rendered. */
  handle(event: SessionEvent): void {
    switch (event.type) {
      case 'agent_start':
        this.#response = event.responseId;
        return;
      case 'speech_started':
        this.#entry(event.itemId, 'user', '');
        return;
      case 'transcript': {
        const el = this.#entry(event.itemId, event.role, event.text);
        el.dataset.final = String(event.final);
        if (event.role === 'assistant' && this.#response && !this.#responseOfItem.has(event.itemId)) {
          this.#responseOfItem.set(event.itemId, this.#response);
          const blocked = this.#blocked.get(this.#response);
          if (blocked) this.#chip(el, blocked);
        }
        return;
      }
      case 'guardrail_tripped':
        this.#blocked.set(event.responseId, event.guardrail);
        for (const [itemId, responseId] of this.#responseOfItem) {
          const el = this.#entries.get(itemId);
          if (responseId === event.responseId && el) this.#chip(el, event.guardrail);
        }
        return;
      case 'handoff':
        this.#append(
          h(
            'li',
            { class: 'breadcrumb', 'data-kind': 'handoff', 'data-testid': 'handoff-breadcrumb' },
            h('span', { class: 'crumb' }, event.from.name),
            h('span', { class: 'crumb-sep', 'aria-hidden': 'true' }, '›'),
            h('span', { class: 'crumb current' }, event.to.name),
            h(
              'span',
              { class: 'visually-hidden' },
              ` (handed off from ${event.from.name} to ${event.to.name})`,
            ),
          ),
        );
        return;
      default:
        return;
    }
  }

  /** Mark an entry as blocked with a chip (e.g. cancelled by the page once retries ran out). */
  block(itemId: string, label: string): void {
    const el = this.#entries.get(itemId);
    if (el) this.#chip(el, label);
  }

  /** Remove every entry (a new session starts empty). */
  clear(): void {
    this.#entries.clear();
    this.#responseOfItem.clear();
    this.#blocked.clear();
    this.#response = null;
    this.#list.replaceChildren();
  }

  #entry(itemId: string, role: 'user' | 'assistant', text: string): HTMLElement {
    let el = this.#entries.get(itemId);
    if (!el) {
      el = h(
        'li',
        { class: `entry ${role}`, 'data-role': role, 'data-item-id': itemId, 'data-final': 'false' },
        h('span', { class: 'who' }, role === 'user' ? 'You' : 'Agent'),
        h('p', { class: 'text' }),
      );
      this.#entries.set(itemId, el);
      this.#append(el);
    }
    const p = el.querySelector('.text')!;
    p.textContent = text || (role === 'user' ? 'Listening…' : '…');
    this.#scroll();
    return el;
  }

  #chip(entry: HTMLElement, guardrail: string): void {
    entry.dataset.blocked = 'true';
    if (entry.querySelector('.chip')) return;
    entry.append(
      h(
        'span',
        {
          class: 'chip',
          'data-testid': 'guardrail-chip',
          title: `Blocked by the output guardrail ${guardrail}`,
        },
        `Blocked by guardrail · ${guardrail}`,
      ),
    );
    this.#scroll();
  }

  #append(el: HTMLElement): void {
    this.#list.append(el);
    this.#scroll();
  }

  #scroll(): void {
    if (this.#follow) this.#list.scrollTop = this.#list.scrollHeight;
  }
}
