/**
 * The line under the status that says whether Connect will adopt a connection made ahead of the
 * click (`runner.prepare`): `data-state` is the link's preparation (`preparing`, `ready`, `failed`,
 * `expired`, `none`), or `adopted` once a click connected over a prepared connection.
 * @module
 */
import type { DemoLink, LinkPreparation } from '../demo-link.js';

/** What the line shows: a preparation state, or `adopted` by the last click. */
export type PreparationShown = LinkPreparation | 'adopted' | 'connecting';

const TEXT: Record<PreparationShown, string> = {
  none: '',
  preparing: 'Connecting ahead of the click…',
  ready: 'Connection prepared: Connect adopts it.',
  failed: 'Connecting ahead failed: Connect tries again.',
  expired: 'The prepared connection was idle too long and closed: Connect connects anew.',
  connecting: '',
  adopted: 'Connected over the connection prepared before the click.',
};

/** Renders a link's preparation into the `preparation` element. */
export class PreparationView {
  readonly #el: HTMLElement;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(el: HTMLElement) {
    this.#el = el;
    this.#render('none');
  }

  /** Follow `link` until it is adopted or replaced (it can expire while nobody looks). */
  show(link: DemoLink): void {
    clearInterval(this.#timer);
    this.#render(link.preparation);
    this.#timer = setInterval(() => this.#render(link.preparation), 1000);
  }

  /**
   * The click took `link`; returns what to call once connected: it shows `adopted` if the link was
   * prepared (or still preparing — the connect then waited for it), else nothing.
   */
  adopt(link: DemoLink): () => void {
    clearInterval(this.#timer);
    const prepared = link.preparation === 'ready' || link.preparation === 'preparing';
    this.#render('connecting');
    return () => this.#render(prepared ? 'adopted' : 'none');
  }

  #render(state: PreparationShown): void {
    this.#el.dataset.state = state;
    this.#el.textContent = TEXT[state];
    this.#el.hidden = TEXT[state] === '';
  }
}
