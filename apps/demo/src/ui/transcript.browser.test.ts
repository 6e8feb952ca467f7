import { afterEach, describe, expect, it } from 'vitest';
import { agentStart, final, greeter, mount, partial, spanish, tripped } from '../test/events.js';
import { TranscriptView } from './transcript.js';

const setup = () => {
  const root = mount('<ol data-testid="transcript" style="max-height:200px;overflow:auto"></ol>');
  const list = root.firstElementChild as HTMLElement;
  return { list, view: new TranscriptView(list) };
};
const texts = (list: HTMLElement) => [...list.querySelectorAll('.text')].map((p) => p.textContent);

afterEach(() => {
  document.body.replaceChildren();
});

describe('TranscriptView', () => {
  it('updates a partial in place and marks the final', () => {
    const { list, view } = setup();
    view.handle(agentStart('resp_1'));
    view.handle(partial('assistant', 'item_a', 'Hel', 'Hel'));
    view.handle(partial('assistant', 'item_a', 'Hello th', 'lo th'));
    expect(list.querySelectorAll('[data-role="assistant"]')).toHaveLength(1);
    const entry = list.querySelector<HTMLElement>('[data-item-id="item_a"]')!;
    expect(entry.dataset.final).toBe('false');
    expect(entry.querySelector('.text')!.textContent).toBe('Hello th');
    view.handle(final('assistant', 'item_a', 'Hello there!'));
    expect(list.querySelectorAll('[data-role="assistant"]')).toHaveLength(1);
    expect(entry.dataset.final).toBe('true');
    expect(entry.querySelector('.text')!.textContent).toBe('Hello there!');
  });

  it('shows user speech as soon as it starts, then its transcript, in conversation order', () => {
    const { list, view } = setup();
    view.handle({ type: 'speech_started', itemId: 'item_u', audioStartMs: 100 });
    expect(list.querySelector('[data-role="user"] .text')!.textContent).toBe('Listening…');
    view.handle(agentStart('resp_1'));
    view.handle(partial('assistant', 'item_b', 'Sure'));
    view.handle(final('user', 'item_u', '[speech 1.4 s]'));
    expect(texts(list)).toEqual(['[speech 1.4 s]', 'Sure']);
    expect([...list.children].map((e) => (e as HTMLElement).dataset.role)).toEqual(['user', 'assistant']);
  });

  it('puts a guardrail chip on the blocked answer, whether the trip comes before or after its text', () => {
    const { list, view } = setup();
    view.handle(agentStart('resp_1'));
    view.handle(partial('assistant', 'item_1', 'You said pineapple'));
    view.handle(tripped('resp_1'));
    const first = list.querySelector<HTMLElement>('[data-item-id="item_1"]')!;
    expect(first.dataset.blocked).toBe('true');
    expect(first.querySelector('[data-testid="guardrail-chip"]')!.textContent).toContain('no_pineapple');

    // A later answer of another response carries no chip.
    view.handle(agentStart('resp_2'));
    view.handle(final('assistant', 'item_2', 'Sorry about that.', 'resp_2'));
    expect(list.querySelector('[data-item-id="item_2"] [data-testid="guardrail-chip"]')).toBeNull();
    expect(list.querySelectorAll('[data-testid="guardrail-chip"]')).toHaveLength(1);
  });

  it('shows a handoff as a breadcrumb between the entries', () => {
    const { list, view } = setup();
    view.handle(final('user', 'item_u', 'Can we speak Spanish?'));
    view.handle({ type: 'handoff', from: greeter, to: spanish });
    view.handle(agentStart('resp_2', spanish));
    view.handle(final('assistant', 'item_s', '¡Hola!', 'resp_2'));
    const crumb = list.querySelector<HTMLElement>('[data-testid="handoff-breadcrumb"]')!;
    expect(crumb.textContent).toContain('Greeter');
    expect(crumb.querySelector('.current')!.textContent).toBe('Spanish');
    expect([...list.children].indexOf(crumb)).toBe(1);
    expect(crumb.dataset.role).toBeUndefined(); // not counted as a user or assistant entry
  });

  it('a trip the session no longer retries says how many corrections were asked for; clear() empties the list', () => {
    const { list, view } = setup();
    view.handle(final('user', 'item_u', 'I love pineapple'));
    ['resp_1', 'resp_2', 'resp_3'].forEach((r, i) => {
      view.handle(partial('assistant', `item_${i}`, 'pineapple', 'pineapple', r));
      view.handle(tripped(r, i < 2));
    });
    const chips = [...list.querySelectorAll('[data-testid="guardrail-chip"]')].map((c) => c.textContent);
    expect(chips).toEqual([
      'Blocked by guardrail · no_pineapple',
      'Blocked by guardrail · no_pineapple',
      'Blocked by guardrail · no_pineapple · stopped after 2 corrections',
    ]);
    view.clear();
    expect(list.childElementCount).toBe(0);
  });

  it('keeps the newest entry in view', () => {
    const { list, view } = setup();
    view.handle(agentStart('resp_1'));
    for (let i = 0; i < 30; i++) view.handle(final('assistant', `item_${i}`, `Line ${i}`));
    expect(list.scrollHeight).toBeGreaterThan(list.clientHeight);
    expect(list.scrollHeight - list.scrollTop - list.clientHeight).toBeLessThan(2);
  });
});
