/**
 * Level meters: shows dBFS readings (from the audio package) on a `<meter>` element.
 * @module
 */

const FLOOR = -70;

/** Drives a `<meter>` (`min=-70 max=0`) with dBFS readings; falls back to silence when they stop. */
export class LevelMeter {
  readonly #el: HTMLMeterElement;
  #decay = 0;

  constructor(el: HTMLMeterElement) {
    this.#el = el;
    el.min = FLOOR;
    el.max = 0;
    this.set(-120);
  }

  /** The last reading in dBFS (−120 = silence). */
  get level(): number {
    return Number(this.#el.dataset.level);
  }

  /** Show a level in dBFS. */
  set(dbfs: number): void {
    const db = Math.max(FLOOR, Math.min(0, dbfs));
    this.#el.value = db;
    this.#el.setAttribute('aria-valuetext', dbfs <= FLOOR ? 'silence' : `${db.toFixed(0)} dBFS`);
    this.#el.dataset.level = dbfs.toFixed(1);
    this.#el.dataset.active = String(dbfs > -50);
    clearTimeout(this.#decay);
    // Readings stop when a stream ends or playback drains: show silence then.
    if (dbfs > FLOOR) this.#decay = window.setTimeout(() => this.set(-120), 400);
  }
}
