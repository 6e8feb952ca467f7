/**
 * Every event in and out of every session, for `GET /emulator/log?session=…` (bounded per session).
 * Entries keep the wire text and are decoded only when read; audio payloads of
 * `input_audio_buffer.append` and `response.output_audio.delta` are replaced by their size.
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

interface Raw {
  t: number;
  direction: 'in' | 'out';
  json: string;
}

/** Replace a long base64 `"audio"` / `"delta"` string by its size (indexOf, no regex: this runs per event). */
function slim(json: string): string {
  if (json.length < 400) return json;
  for (const key of ['"audio":"', '"delta":"']) {
    const start = json.indexOf(key);
    if (start < 0) continue;
    const from = start + key.length;
    const end = json.indexOf('"', from);
    if (end - from < 200) continue;
    return `${json.slice(0, from)}<${Math.floor(((end - from) * 3) / 4)} bytes of base64 audio>${json.slice(end)}`;
  }
  return json;
}

/** Per-session event log. */
export class EventLog {
  readonly #sessions = new Map<string, Raw[]>();

  /** `limit` events per session; logs of the oldest sessions are dropped beyond `maxSessions`. */
  constructor(
    private readonly limit = 2000,
    private readonly maxSessions = 200,
  ) {}

  record(sessionId: string, direction: 'in' | 'out', json: string): void {
    let entries = this.#sessions.get(sessionId);
    if (!entries) {
      entries = [];
      this.#sessions.set(sessionId, entries);
      if (this.#sessions.size > this.maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    entries.push({ t: Date.now(), direction, json: slim(json) });
    if (entries.length > this.limit * 1.25) entries.splice(0, entries.length - this.limit);
  }

  get(sessionId: string): LogEntry[] | undefined {
    return this.#sessions.get(sessionId)?.map(({ t, direction, json }) => {
      let event: unknown = json;
      try {
        event = JSON.parse(json);
      } catch {}
      return { t, direction, event };
    });
  }

  sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }
}
