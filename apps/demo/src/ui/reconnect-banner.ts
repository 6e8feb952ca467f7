/**
 * The banner shown while the session reconnects by itself: which attempt, why, and whether it is
 * a planned rollover; hidden again once the conversation is back, kept with the reason if it failed.
 * @module
 */
import type { ConnectionEvent } from '@realtime-agents/core';

/** Renders `connection` events into the `reconnect-banner` element (an alert). */
export class ReconnectBanner {
  readonly #el: HTMLElement;

  constructor(el: HTMLElement) {
    this.#el = el;
  }

  show(event: ConnectionEvent): void {
    const el = this.#el;
    if (event.state === 'reconnecting') {
      el.dataset.kind = event.rollover ? 'rollover' : 'drop';
      el.textContent = event.rollover
        ? 'Renewing the session before its time limit…'
        : `Connection lost — reconnecting (attempt ${event.attempt ?? 1})…` +
          (event.error ? ` ${event.error.message}` : '');
      el.hidden = false;
    } else if (event.state === 'failed') {
      el.dataset.kind = 'failed';
      el.textContent = `Could not reconnect: ${event.error?.message ?? 'gave up'}. Connect again to start over.`;
      el.hidden = false;
    } else if (event.state === 'connected' || event.state === 'closed') {
      if (el.dataset.kind !== 'failed' || event.state === 'connected') el.hidden = true;
    }
  }
}
