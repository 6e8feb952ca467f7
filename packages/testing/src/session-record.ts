/**
 * What the matchers read from: a recorded list of session events, a `connectScripted` result
 * (which records them) or a live session together with the events you recorded from it.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';

/** Anything the `toHaveSaid` / `toHaveCalledTool` / `toHaveHandedOffTo` matchers accept. */
export type SessionRecord = readonly SessionEvent[] | { readonly events: readonly SessionEvent[] };

/**
 * Record every event of a live session, for the matchers.
 * @example
 * const recorded = recordEvents(session);
 * await session.sendText('Weather in Paris?');
 * await vi.waitFor(() => expect(recorded).toHaveCalledTool('get_weather'));
 */
export function recordEvents(session: { on(type: '*', listener: (event: SessionEvent) => void): unknown }): {
  readonly events: SessionEvent[];
} {
  const events: SessionEvent[] = [];
  session.on('*', (e) => events.push(e));
  return { events };
}

/** The events of `received`, or a TypeError naming what was passed and what is accepted. */
export function eventsOf(received: unknown, matcher: string): readonly SessionEvent[] {
  if (Array.isArray(received)) return received as SessionEvent[];
  const events = (received as { events?: unknown } | null)?.events;
  if (Array.isArray(events)) return events as SessionEvent[];
  const what =
    received === null
      ? 'null'
      : typeof received === 'object'
        ? 'an object without an `events` array'
        : typeof received;
  throw new TypeError(
    `${matcher}: expected the result of connectScripted(), recordEvents(session) or an array of session events, got ${what}. ` +
      'A live RealtimeSession does not keep its events: wrap it with recordEvents(session) before the turn.',
  );
}
