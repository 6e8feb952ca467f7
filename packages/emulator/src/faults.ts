/**
 * Fault injection on demand. Names come from `startEmulator({ faults })`, the `?emulator_fault=a,b`
 * query parameter or the `x-emulator-fault` header (comma separated), and may carry an argument
 * after a colon (`drop:response.output_audio.delta`, `delay:200`). A once key
 * (`?emulator_fault_once=<key>` / `x-emulator-fault-once`) limits the query and header faults to the
 * first request that carries it (see `fault-once.ts`), so a reconnect with the same URL is clean.
 * An after key (`?emulator_fault_after=<key>` / `x-emulator-fault-after`) is the reverse: the first
 * request carrying it is clean and every later one gets the faults — a fault on reconnect only.
 *
 * | name | effect |
 * |---|---|
 * | `close_mid_response` | the socket / data channel is closed right after a response's first delta |
 * | `drop[:type]` | drop server events of `type` (default: every 5th event) |
 * | `duplicate[:type]` | send server events of `type` twice (default: every 5th event) |
 * | `delay[:ms]` | deliver every server event `ms` later (default 250), order kept |
 * | `reorder[:type]` | swap consecutive server events (of `type`, default deltas) |
 * | `malformed_json` | send one truncated JSON message after `response.created` |
 * | `expired_key` / `401` | handshake / HTTP answers 401 (expired key) |
 * | `rate_limit` / `429` | handshake / HTTP answers 429 |
 * | `sdp_500` | `POST /v1/realtime/calls` answers 500 (WebRTC endpoint) |
 * | `500` | `POST /v1/realtime/calls` and the WebSocket handshake answer 500 |
 * | `ice_never_connects` | the WebRTC answer's ICE never completes (WebRTC endpoint) |
 * @module
 */

/** Every fault name the emulator understands. @example FAULT_NAMES.includes('drop') // true */
export const FAULT_NAMES = [
  'close_mid_response',
  'drop',
  'duplicate',
  'delay',
  'reorder',
  'malformed_json',
  'expired_key',
  '401',
  'rate_limit',
  '429',
  'sdp_500',
  '500',
  'ice_never_connects',
] as const;

/** A parsed fault: name and optional argument. */
export interface Fault {
  name: string;
  arg?: string;
}

/**
 * Split `a,b:c` lists (from options, query and header) into a de-duplicated name list.
 * @example parseFaultList(['drop'], 'delay:200,drop') // ['drop', 'delay:200']
 */
export function parseFaultList(...sources: Array<string | string[] | undefined | null>): string[] {
  const out: string[] = [];
  for (const source of sources) {
    if (!source) continue;
    for (const part of [source].flat().flatMap((s) => s.split(','))) {
      const name = part.trim();
      if (name && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** Find a fault by name (aliases included). */
export function findFault(faults: readonly string[], ...names: string[]): Fault | undefined {
  for (const f of faults) {
    const [name, arg] = f.split(/:(.*)/s) as [string, string | undefined];
    if (names.includes(name)) return { name, arg };
  }
  return undefined;
}

/**
 * Wraps the delivery of server events with the message-level faults. `send` gets each event as
 * JSON; `terminate` closes the connection abruptly (close_mid_response).
 */
export class FaultyChannel {
  #count = 0;
  #held: string | null = null;
  #timers = new Set<NodeJS.Timeout>();
  #closedMidResponse = false;
  #malformedSent = false;
  readonly #drop?: Fault;
  readonly #duplicate?: Fault;
  readonly #delay?: Fault;
  readonly #reorder?: Fault;
  readonly #closeMid: boolean;
  readonly #malformed: boolean;

  constructor(
    faults: readonly string[],
    private readonly deliver: (json: string) => void,
    private readonly terminate: () => void,
  ) {
    this.#drop = findFault(faults, 'drop');
    this.#duplicate = findFault(faults, 'duplicate');
    this.#delay = findFault(faults, 'delay');
    this.#reorder = findFault(faults, 'reorder');
    this.#closeMid = !!findFault(faults, 'close_mid_response');
    this.#malformed = !!findFault(faults, 'malformed_json');
  }

  /** True when no message-level fault is active (fast path). */
  get clean(): boolean {
    return (
      !this.#drop && !this.#duplicate && !this.#delay && !this.#reorder && !this.#closeMid && !this.#malformed
    );
  }

  send(type: string, json: string): void {
    if (this.#closedMidResponse) return;
    this.#count++;
    const selects = (f: Fault | undefined, fallback: () => boolean) =>
      !!f && (f.arg ? f.arg === type : fallback());
    if (type !== 'session.created' && selects(this.#drop, () => this.#count % 5 === 0)) return;
    const copies =
      type !== 'session.created' && selects(this.#duplicate, () => this.#count % 5 === 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) this.#reorderStage(type, json);
    if (this.#malformed && !this.#malformedSent && type === 'response.created') {
      this.#malformedSent = true;
      this.#delayStage(json.slice(0, Math.floor(json.length / 2)));
    }
    if (this.#closeMid && type.endsWith('.delta')) {
      this.#closedMidResponse = true;
      this.#later(() => this.terminate());
    }
  }

  /** Hold an eligible event back and deliver it right after the next event (any type). */
  #reorderStage(type: string, json: string): void {
    if (this.#held) {
      const held = this.#held;
      this.#held = null;
      this.#delayStage(json);
      this.#delayStage(held);
      return;
    }
    const f = this.#reorder;
    const eligible = f && (f.arg ? f.arg === type : type.endsWith('.delta'));
    if (eligible) this.#held = json;
    else this.#delayStage(json);
  }

  #delayStage(json: string): void {
    this.#later(() => this.deliver(json));
  }

  /** Run now, or after the configured delay (same delay for every event, so order is kept). */
  #later(fn: () => void): void {
    if (!this.#delay) {
      fn();
      return;
    }
    const ms = Number(this.#delay.arg ?? 250) || 250;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  /** Cancel pending delayed deliveries. */
  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
