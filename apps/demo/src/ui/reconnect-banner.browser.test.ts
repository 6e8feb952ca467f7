import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '../test/events.js';
import { ReconnectBanner } from './reconnect-banner.js';

afterEach(() => {
  document.body.replaceChildren();
});

describe('ReconnectBanner', () => {
  it('shows the attempt while reconnecting and hides once the conversation is back', () => {
    const el = mount('<p hidden></p>').firstElementChild as HTMLElement;
    const banner = new ReconnectBanner(el);
    banner.show({
      type: 'connection',
      state: 'reconnecting',
      attempt: 2,
      delayMs: 500,
      error: new Error('socket closed'),
    });
    expect(el.hidden).toBe(false);
    expect(el.textContent).toBe('Connection lost — reconnecting (attempt 2)… socket closed');
    banner.show({ type: 'connection', state: 'connected', resumed: true });
    expect(el.hidden).toBe(true);
  });

  it('says a rollover is planned, and keeps a failure visible after the session closed', () => {
    const el = mount('<p hidden></p>').firstElementChild as HTMLElement;
    const banner = new ReconnectBanner(el);
    banner.show({ type: 'connection', state: 'reconnecting', attempt: 1, delayMs: 0, rollover: true });
    expect([el.dataset.kind, el.textContent]).toEqual([
      'rollover',
      'Renewing the session before its time limit…',
    ]);
    banner.show({ type: 'connection', state: 'failed', error: new Error('401') });
    banner.show({ type: 'connection', state: 'closed' });
    expect(el.hidden).toBe(false);
    expect(el.textContent).toBe('Could not reconnect: 401. Connect again to start over.');
  });

  it('after a reconnect that cost microphone audio, says so for a few seconds', () => {
    const el = mount('<p hidden></p>').firstElementChild as HTMLElement;
    const banner = new ReconnectBanner(el);
    banner.show({ type: 'connection', state: 'reconnecting', attempt: 1, delayMs: 250 });
    const warning = Object.assign(
      new Error('The microphone was not heard for the 812 ms the reconnect took.'),
      {
        code: 'microphone_gap',
      },
    );
    banner.warn({ type: 'warning', warning } as never);
    banner.show({ type: 'connection', state: 'connected', resumed: true });
    expect([el.hidden, el.dataset.kind]).toEqual([false, 'gap']);
    expect(el.textContent).toBe(
      'Reconnected. The microphone was not heard for the 812 ms the reconnect took.',
    );
    // a rollover's gap (it waits for a quiet moment) is not alerted
    banner.show({ type: 'connection', state: 'reconnecting', attempt: 1, delayMs: 0, rollover: true });
    banner.warn({ type: 'warning', warning } as never);
    banner.show({ type: 'connection', state: 'connected', resumed: true, rollover: true });
    expect(el.hidden).toBe(true);
    // the next reconnect without a gap hides it as usual
    banner.show({ type: 'connection', state: 'reconnecting', attempt: 1, delayMs: 250 });
    banner.show({ type: 'connection', state: 'connected', resumed: true });
    expect(el.hidden).toBe(true);
  });
});
