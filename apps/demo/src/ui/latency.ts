/**
 * The latency readout: per turn, end of speech → first audio played and response created → first
 * audio, with p50/p95 over the session, from the core's `metrics` events.
 * @module
 */
import type { MetricsEvent } from '@realtime-agents/core';
import { LatencyStats, type Summary } from '../latency-stats.js';
import { h } from './element.js';

const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)} ms`);

/** Renders `metrics` events into the `latency` section. */
export class LatencyView {
  readonly stats = new LatencyStats();
  readonly #root: HTMLElement;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#render();
  }

  /** The user finished speaking (`speech_stopped`, push-to-talk release). */
  speechEnded(): void {
    this.stats.speechEnded();
  }

  add(event: MetricsEvent): void {
    this.stats.add(event);
    this.#render();
  }

  clear(): void {
    this.stats.clear();
    this.#render();
  }

  #render(): void {
    const speech = this.stats.summary('speechEndToFirstAudioMs');
    const response = this.stats.summary('responseToFirstAudioMs');
    const stat = (label: string, s: Summary, key: string) =>
      h(
        'div',
        { class: 'stat', 'data-testid': `latency-${key}` },
        h('span', { class: 'label' }, label),
        h(
          'span',
          { class: 'p', 'data-testid': `latency-${key}-p50` },
          h('abbr', { title: 'median' }, 'p50'),
          ` ${ms(s.p50)}`,
        ),
        h(
          'span',
          { class: 'p', 'data-testid': `latency-${key}-p95` },
          h('abbr', { title: '95th percentile' }, 'p95'),
          ` ${ms(s.p95)}`,
        ),
        h('span', { class: 'n' }, `${s.count} turn${s.count === 1 ? '' : 's'}`),
      );
    const rows = this.stats.turns
      .slice(-8)
      .reverse()
      .map((t) =>
        h(
          'tr',
          { 'data-response-id': t.responseId },
          h('th', { scope: 'row' }, String(t.turn)),
          h('td', {}, ms(t.speechEndToFirstAudioMs)),
          h('td', {}, ms(t.responseToFirstAudioMs)),
        ),
      );
    this.#root.replaceChildren(
      h(
        'div',
        { class: 'stats' },
        stat('End of speech → first audio', speech, 'speech'),
        stat('Response → first audio', response, 'response'),
      ),
      this.stats.turns.length
        ? h(
            'table',
            { class: 'turns' },
            h('caption', { class: 'visually-hidden' }, 'Latency per turn, newest first'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Turn'),
                h('th', { scope: 'col' }, 'Speech → audio'),
                h('th', { scope: 'col' }, 'Response → audio'),
              ),
            ),
            h('tbody', {}, ...rows),
          )
        : h('p', { class: 'hint' }, 'Measured from the first sample really played, per turn.'),
    );
  }
}
