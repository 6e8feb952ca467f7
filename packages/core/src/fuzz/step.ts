/**
 * One step of a fuzz case: a server message to feed (object or raw wire string), a pause that
 * lets tools and guardrails run, or the user typing.
 * @module
 */

/** A server message as a transport hands it over: decoded object or raw string. */
export type Wire = object | string;

export type Step = { kind: 'feed'; wire: Wire } | { kind: 'settle' } | { kind: 'say'; text: string };

/**
 * Shorthand for a feed step.
 * @example
 * const s = feed({ type: 'response.done', event_id: 'e1', response: { id: 'r1', status: 'completed', output: [] } });
 */
export const feed = (wire: Wire): Step => ({ kind: 'feed', wire });
