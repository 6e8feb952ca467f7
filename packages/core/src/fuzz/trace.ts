/**
 * What one session fuzz case did, in order: server messages fed (with the session events each
 * produced at once), client events sent, the user typing, the close; plus what the tools counted.
 * @module
 */
import type { SessionEvent } from '../events.js';
import type { ClientEvent } from '../protocol/client-events.js';
import type { Wire } from './step.js';

export type TraceEntry =
  /** `deaf`: fed on a link the session already gave up (reconnecting): it ignores them, rightly. */
  | { dir: 'in'; wire: Wire; emitted: SessionEvent[]; deaf?: boolean }
  | { dir: 'out'; event: ClientEvent }
  | { dir: 'say'; text: string }
  /** The transport connected: a new server session (the first one, or a reconnect). */
  | { dir: 'connect' }
  | { dir: 'close' };

export interface Trace {
  entries: TraceEntry[];
  /** Exceptions that reached the caller or the process traps. */
  thrown: unknown[];
  /** Tool executions per tag (the call id the stream put in the arguments). */
  executions: Map<string, number>;
  /** History item ids right before the close. */
  historyIds: string[];
  /** `session.closed` after `close()`. */
  closed: boolean;
  /** Invalid base64 the scripted transport itself threw on (not the session: kept apart). */
  decodeErrors: unknown[];
  /** Every session event. */
  events: SessionEvent[];
}

/**
 * An empty trace, for building planted ones in tests.
 * @example
 * const t = emptyTrace(); t.entries.push({ dir: 'close' });
 */
export function emptyTrace(): Trace {
  return {
    entries: [],
    thrown: [],
    executions: new Map(),
    historyIds: [],
    closed: true,
    decodeErrors: [],
    events: [],
  };
}
