/**
 * The event log: every session event, newest first, filterable by type, each row expanding to its
 * JSON. Keeps the last {@link EventLogView.limit} events.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';
import { eventJson, eventSummary } from '../loggable.js';
import { h } from './element.js';

const ALL = '*';
const ALL_BUT_AUDIO = '*-audio';

/** Renders session events into the `event-log` section (a filter `<select>` and a list). */
export class EventLogView {
  readonly limit: number;
  readonly #list: HTMLElement;
  readonly #filter: HTMLSelectElement;
  readonly #count: HTMLElement | null;
  readonly #types = new Set<string>();
  readonly #t0 = performance.now();

  constructor(root: HTMLElement, options: { limit?: number } = {}) {
    this.limit = options.limit ?? 600;
    this.#filter = root.querySelector<HTMLSelectElement>('[data-testid="event-log-filter"]')!;
    this.#list = root.querySelector<HTMLElement>('[data-testid="event-log-list"]')!;
    this.#count = root.querySelector<HTMLElement>('[data-testid="event-log-count"]');
    if (!this.#filter.options.length) {
      this.#filter.append(new Option('All events', ALL), new Option('All but audio frames', ALL_BUT_AUDIO));
      this.#filter.value = ALL_BUT_AUDIO;
    }
    this.#filter.addEventListener('change', () => this.#applyFilter());
    this.#updateCount();
  }

  /** The selected type, `'*'` for all, or `'*-audio'` for all but `audio` (the default). */
  get filter(): string {
    return this.#filter.value;
  }

  set filter(type: string) {
    this.#ensureType(type);
    this.#filter.value = type;
    this.#applyFilter();
  }

  add(event: SessionEvent): void {
    this.#ensureType(event.type);
    const ms = (performance.now() - this.#t0) / 1000;
    const row = h(
      'li',
      { 'data-type': event.type, class: `ev ev-${event.type}` },
      h(
        'details',
        {},
        h(
          'summary',
          {},
          h('time', {}, `${ms.toFixed(2)}s`),
          h('code', { class: 'ev-type' }, event.type),
          h('span', { class: 'ev-summary' }, eventSummary(event)),
        ),
      ),
    );
    // JSON is rendered when the row is first opened (audio events are many).
    const details = row.firstElementChild as HTMLDetailsElement;
    details.addEventListener(
      'toggle',
      () => {
        if (!details.querySelector('pre')) details.append(h('pre', { class: 'ev-json' }, eventJson(event)));
      },
      { once: true },
    );
    row.hidden = !this.#matches(event.type);
    this.#list.prepend(row);
    while (this.#list.childElementCount > this.limit) this.#list.lastElementChild?.remove();
    this.#updateCount();
  }

  clear(): void {
    this.#list.replaceChildren();
    this.#updateCount();
  }

  #matches(type: string): boolean {
    const f = this.#filter.value;
    return f === ALL || (f === ALL_BUT_AUDIO && type !== 'audio') || f === type;
  }

  #ensureType(type: string): void {
    if (type === ALL || type === ALL_BUT_AUDIO || this.#types.has(type)) return;
    this.#types.add(type);
    const sorted = [...this.#types].sort();
    const before = sorted[sorted.indexOf(type) + 1];
    const option = new Option(type, type);
    const next = before ? [...this.#filter.options].find((o) => o.value === before) : undefined;
    this.#filter.add(option, next ?? null);
  }

  #applyFilter(): void {
    for (const row of this.#list.children) {
      (row as HTMLElement).hidden = !this.#matches((row as HTMLElement).dataset.type ?? '');
    }
    this.#updateCount();
  }

  #updateCount(): void {
    if (!this.#count) return;
    const shown = [...this.#list.children].filter((r) => !(r as HTMLElement).hidden).length;
    this.#count.textContent = `${shown} shown`;
  }
}
