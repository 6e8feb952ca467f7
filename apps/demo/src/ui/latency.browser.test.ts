import { afterEach, describe, expect, it } from 'vitest';
import { metrics, mount } from '../test/events.js';
import { LatencyView } from './latency.js';

const setup = () => {
  const root = mount('<div data-testid="latency"></div>').firstElementChild as HTMLElement;
  return { root, view: new LatencyView(root) };
};
const text = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`)!.textContent;

afterEach(() => {
  document.body.replaceChildren();
});

describe('LatencyView', () => {
  it('shows p50/p95 over the session and one row per turn', () => {
    const { root, view } = setup();
    const response = [300, 120, 500, 200, 180, 260, 900, 240, 210, 230];
    response.forEach((ms, i) => {
      view.speechEnded();
      view.add(metrics(`resp_${i}`, ms + 400, ms));
    });
    expect(text(root, 'latency-response-p50')).toBe('p50 230 ms');
    expect(text(root, 'latency-response-p95')).toBe('p95 900 ms');
    expect(text(root, 'latency-speech-p50')).toBe('p50 630 ms');
    expect(root.querySelectorAll('tbody tr')).toHaveLength(8); // the latest 8 turns
    expect(root.querySelector('tbody tr th')!.textContent).toBe('10');
  });

  it('counts end of speech only for turns the user spoke', () => {
    const { root, view } = setup();
    view.add(metrics('resp_text', 15_000, 90)); // a typed turn: the core's stale speech time is ignored
    view.speechEnded();
    view.add(metrics('resp_voice', 700, 110));
    view.add(metrics('resp_tool_followup', 2_000, 80));
    expect(text(root, 'latency-speech-p50')).toBe('p50 700 ms');
    expect(text(root, 'latency-speech')).toContain('1 turn');
    expect(text(root, 'latency-response')).toContain('3 turns');
    const cells = [...root.querySelectorAll('tbody tr')].map((r) => r.children[1]!.textContent);
    expect(cells).toEqual(['–', '700 ms', '–']);
  });

  it('starts empty and clears', () => {
    const { root, view } = setup();
    expect(text(root, 'latency-response-p50')).toBe('p50 –');
    view.add(metrics('r', null, 100));
    view.clear();
    expect(root.querySelector('table')).toBeNull();
  });
});
