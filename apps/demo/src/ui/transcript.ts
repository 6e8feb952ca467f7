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
  /** Corrective answers asked for since the user last spoke or typed. */
  #corrections = 0;
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
      case 'speech_started':
        this.#entry(event.itemId, 'user', '');
        return;
      case 'transcript': {
        const el = this.#entry(event.itemId, event.role, event.text);
        el.dataset.final = String(event.final);
        if (event.role === 'user') this.#corrections = 0;
        if (event.responseId && !this.#responseOfItem.has(event.itemId)) {
          this.#responseOfItem.set(event.itemId, event.responseId);
          const blocked = this.#blocked.get(event.responseId);
          if (blocked) this.#chip(el, blocked);
        }
        return;
      }
      case 'guardrail_tripped': {
        // once the session stops asking for corrections, the chip says how many it asked for
        const label = event.retrying
          ? event.guardrail
          : `${event.guardrail} · stopped after ${this.#corrections} corrections`;
        if (event.retrying) this.#corrections++;
        this.#blocked.set(event.responseId, label);
        for (const [itemId, responseId] of this.#responseOfItem) {
          const el = this.#entries.get(itemId);
          if (responseId === event.responseId && el) this.#chip(el, label);
        }
        return;
      }
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

  /** Remove every entry (a new session starts empty). */
  clear(): void {
    this.#entries.clear();
    this.#responseOfItem.clear();
    this.#blocked.clear();
    this.#corrections = 0;
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
