/**
 * The banner shown while the session reconnects by itself: which attempt, why, and whether it is
 * a planned rollover; hidden again once the conversation is back (after a few seconds saying what the
 * microphone missed, when it did), kept with the reason if it failed.
 * @module
 */
import type { ConnectionEvent, WarningEvent } from '@realtime-agents/core';

/** How long "the microphone was not heard" stays up after the reconnect. */
const GAP_NOTICE_MS = 6000;

/** Renders `connection` events into the `reconnect-banner` element (an alert). */
export class ReconnectBanner {
  readonly #el: HTMLElement;
  #gap: string | null = null;
  #hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(el: HTMLElement) {
    this.#el = el;
  }

  /** Remember a `microphone_gap` warning; the reconnect's `connected` shows it. */
  warn(event: WarningEvent): void {
    if (event.warning.code === 'microphone_gap') this.#gap = event.warning.message;
  }

  show(event: ConnectionEvent): void {
    const el = this.#el;
    clearTimeout(this.#hideTimer);
    const gap = this.#gap;
    if (event.state === 'connected') this.#gap = null;
    // a rollover waits for a quiet moment: its short gap is not worth an alert
    if (event.state === 'connected' && event.resumed && gap && !event.rollover) {
      el.dataset.kind = 'gap';
      el.textContent = `Reconnected. ${gap}`;
      el.hidden = false;
      this.#hideTimer = setTimeout(() => {
        el.hidden = true;
      }, GAP_NOTICE_MS);
    } else if (event.state === 'reconnecting') {
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
