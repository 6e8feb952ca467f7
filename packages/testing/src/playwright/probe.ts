/**
 * The test side of the page probe: one per page, it installs the probe script and its report
 * binding and keeps what the page reported, so the `voice` helper can wait for it.
 * @module
 */
import type { Page } from '@playwright/test';
import { type PageReport, type ProbeEvent, pageProbeScript } from './page-probe-script.js';

/** A session event the page reported, with the session it came from (1, 2, … in creation order). */
export type VoiceEvent = ProbeEvent & { session: number };

/** Output below this level (dBFS) counts as silence. */
export const FLOOR_DBFS = -90;

/** What one page reported. */
export class PageProbe {
  readonly page: Page;
  readonly events: VoiceEvent[] = [];
  /** Sessions created in the page, with the agent each started with. */
  readonly sessions: Array<{ session: number; agent: string | null }> = [];
  /** Loudest output level (dBFS) since the last reset, by source. */
  readonly peaks = { webaudio: -120, element: -120 };
  readonly #listeners = new Set<() => void>();

  private constructor(page: Page) {
    this.page = page;
  }

  static readonly #probes = new WeakMap<Page, Promise<PageProbe>>();

  /** The probe of `page`, installed on first use (before the page's own scripts run). */
  static for(page: Page): Promise<PageProbe> {
    let p = PageProbe.#probes.get(page);
    if (!p) {
      const probe = new PageProbe(page);
      p = (async () => {
        await page.exposeFunction('__realtimeAgentsReport', (r: PageReport) => probe.#ingest(r));
        await page.addInitScript(pageProbeScript, FLOOR_DBFS);
        return probe;
      })();
      PageProbe.#probes.set(page, p);
    }
    return p;
  }

  /** The loudest output level reported since the last {@link resetLevels}. */
  get peakDbfs(): number {
    return Math.max(this.peaks.webaudio, this.peaks.element);
  }

  resetLevels(): void {
    this.peaks.webaudio = -120;
    this.peaks.element = -120;
  }

  #ingest(r: PageReport): void {
    if (r.kind === 'session') this.sessions.push({ session: r.session, agent: r.agent });
    else if (r.kind === 'event') this.events.push({ ...r.event, session: r.session });
    else if (r.kind === 'level' && r.dbfs > this.peaks[r.source]) this.peaks[r.source] = r.dbfs;
    for (const l of [...this.#listeners]) l();
  }

  /**
   * Resolve with `check()`'s first value other than undefined, re-checked on every report; reject
   * with `explain()`'s message after `timeout` ms.
   */
  until<T>(check: () => T | undefined, timeout: number, explain: () => string): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        this.page.off('close', closed);
      };
      const listener = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const closed = () => {
        done();
        reject(new Error(`${explain()}\n(The page closed while waiting.)`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(explain()));
      }, timeout);
      this.#listeners.add(listener);
      this.page.once('close', closed);
    });
  }
}
