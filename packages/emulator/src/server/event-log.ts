/**
 * Every event in and out of every session, for `GET /emulator/log?session=…` (bounded per session).
 * @module
 */

/** One logged wire event. */
export interface LogEntry {
  /** Unix ms. */
  t: number;
  direction: 'in' | 'out';
  /** The decoded event, or the raw text when it was not JSON. */
  event: unknown;
}

/** Per-session event log. */
export class EventLog {
  readonly #sessions = new Map<string, LogEntry[]>();

  constructor(private readonly limit = 5000) {}

  record(sessionId: string, direction: 'in' | 'out', json: string): void {
    let entries = this.#sessions.get(sessionId);
    if (!entries) {
      entries = [];
      this.#sessions.set(sessionId, entries);
    }
    let event: unknown = json;
    try {
      event = JSON.parse(json);
    } catch {}
    entries.push({ t: Date.now(), direction, event });
    if (entries.length > this.limit) entries.splice(0, entries.length - this.limit);
  }

  get(sessionId: string): LogEntry[] | undefined {
    return this.#sessions.get(sessionId);
  }

  sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }
}
