/**
 * The connection status line: idle / connecting / connected / error / closed, with a message (any
 * key in it masked by core's `redactSecrets`: error messages end up here).
 * @module
 */
import { redactSecrets } from '@realtime-agents/core';

/** The states the page shows (`data-state` of the `status` element). */
export type PageState = 'idle' | 'connecting' | 'connected' | 'error' | 'closed';

const LABELS: Record<PageState, string> = {
  idle: 'Idle',
  connecting: 'Connecting…',
  connected: 'Connected',
  error: 'Error',
  closed: 'Closed',
};

/** Renders the state and message into the `status` element (a live region). */
export class StatusView {
  readonly #el: HTMLElement;
  #state: PageState = 'idle';

  constructor(el: HTMLElement) {
    this.#el = el;
    this.set('idle');
  }

  get state(): PageState {
    return this.#state;
  }

  set(state: PageState, text?: string): void {
    const message = text === undefined ? undefined : redactSecrets(text);
    this.#state = state;
    this.#el.dataset.state = state;
    const label = this.#el.querySelector('[data-part="state"]') ?? this.#el;
    const detail = this.#el.querySelector('[data-part="message"]');
    if (detail) {
      label.textContent = LABELS[state];
      detail.textContent = message ?? '';
    } else {
      this.#el.textContent = message ? `${LABELS[state]}: ${message}` : LABELS[state];
    }
    this.#el.setAttribute('role', state === 'error' ? 'alert' : 'status');
  }
}
