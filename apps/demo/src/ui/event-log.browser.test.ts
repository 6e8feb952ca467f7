import { afterEach, describe, expect, it } from 'vitest';
import { agentStart, final, mount } from '../test/events.js';
import { EventLogView } from './event-log.js';

const MARKUP = `<section data-testid="event-log">
  <select data-testid="event-log-filter"></select><span data-testid="event-log-count"></span>
  <ol data-testid="event-log-list"></ol></section>`;

const setup = (limit?: number) => {
  const root = mount(MARKUP).firstElementChild as HTMLElement;
  return { root, log: new EventLogView(root, { limit }) };
};
const visibleTypes = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>('[data-testid="event-log-list"] > li')]
    .filter((r) => !r.hidden)
    .map((r) => r.dataset.type);
const audio = {
  type: 'audio',
  data: new Int16Array(480),
  sampleRate: 24000,
  itemId: 'i',
  contentIndex: 0,
  responseId: 'r',
} as const;

afterEach(() => {
  document.body.replaceChildren();
});

describe('EventLogView', () => {
  it('logs every event newest first; by default hides only audio frames', () => {
    const { root, log } = setup();
    log.add(agentStart('resp_1'));
    log.add(audio);
    log.add(final('assistant', 'item_1', 'Hi'));
    expect(root.querySelectorAll('[data-testid="event-log-list"] > li')).toHaveLength(3);
    expect(log.filter).toBe('*-audio');
    expect(visibleTypes(root)).toEqual(['transcript', 'agent_start']);
    log.filter = '*';
    expect(visibleTypes(root)).toEqual(['transcript', 'audio', 'agent_start']);
    expect(root.querySelector('[data-testid="event-log-count"]')!.textContent).toBe('3 shown');
  });

  it('filters by type; the filter lists the types seen', () => {
    const { root, log } = setup();
    log.add(agentStart('resp_1'));
    log.add(final('assistant', 'item_1', 'Hi'));
    log.add({ type: 'connection', state: 'connected' });
    const select = root.querySelector<HTMLSelectElement>('[data-testid="event-log-filter"]')!;
    expect([...select.options].map((o) => o.value)).toEqual([
      '*',
      '*-audio',
      'agent_start',
      'connection',
      'transcript',
    ]);
    select.value = 'transcript';
    select.dispatchEvent(new Event('change'));
    expect(visibleTypes(root)).toEqual(['transcript']);
    log.add(agentStart('resp_2')); // new rows respect the filter
    expect(visibleTypes(root)).toEqual(['transcript']);
  });

  it('expands a row to its JSON (agents by name, audio summarised, errors with code)', () => {
    const { root, log } = setup();
    log.filter = '*';
    log.add(agentStart('resp_1'));
    log.add(audio);
    log.add({ type: 'error', error: Object.assign(new Error('boom'), { code: 'server_error' }) });
    const rows = [...root.querySelectorAll<HTMLDetailsElement>('details')];
    for (const d of rows) {
      d.open = true;
      d.dispatchEvent(new Event('toggle'));
    }
    const json = rows.map((d) => JSON.parse(d.querySelector('pre')!.textContent!));
    expect(json[0]).toEqual({
      type: 'error',
      error: { name: 'Error', code: 'server_error', message: 'boom' },
    });
    expect(json[1].data).toBe('Int16Array(480)');
    expect(json[2]).toEqual({ type: 'agent_start', agent: { agent: 'Greeter' }, responseId: 'resp_1' });
  });

  it('never shows a key: error messages, causes and raw server events are masked', () => {
    const key = 'sk-proj-NOTAREALKEY0TESTONLY0000000000KLMN';
    const secret = 'ek_68af0123456789abcdef0123456789ab';
    const { root, log } = setup();
    const cause = new Error(`HTTP 401: Incorrect API key provided: ${key}`);
    log.add({
      type: 'error',
      error: new Error(`handshake with openai-insecure-api-key.${secret}`, { cause }),
    });
    log.add({
      type: 'raw',
      event: { type: 'session.created', event_id: 'e', session: { client_secret: { value: secret } } },
    } as unknown as Parameters<EventLogView['add']>[0]);
    for (const d of root.querySelectorAll<HTMLDetailsElement>('details')) {
      d.open = true;
      d.dispatchEvent(new Event('toggle'));
    }
    const text = root.textContent!;
    expect(text).toContain('sk-proj-…KLMN');
    expect(text).toContain('ek_…89ab');
    expect(text).not.toContain(key);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/0123456789abcdef/);
  });

  it('keeps at most `limit` rows', () => {
    const { root, log } = setup(5);
    for (let i = 0; i < 12; i++) log.add(agentStart(`resp_${i}`));
    const rows = root.querySelectorAll('[data-testid="event-log-list"] > li');
    expect(rows).toHaveLength(5);
    expect(rows[0]!.textContent).toContain('Greeter');
  });
});
