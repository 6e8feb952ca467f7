/**
 * Matchers over a session's events: what the agent said, which tools it called, where it handed
 * off. Framework-neutral (`{ pass, message }`); `@realtime-agents/testing/vitest` registers them.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';
import { eventsOf } from './session-record.js';

/** The result a matcher returns (Vitest and Jest `expect.extend` shape). */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

const show = (v: unknown): string => (v instanceof RegExp ? String(v) : JSON.stringify(v));

/** Final assistant transcripts, else finished response outputs (text-only responses). */
function said(events: readonly SessionEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'transcript' && e.role === 'assistant' && e.final) out.push(e.text);
  }
  for (const e of events) {
    if (e.type === 'agent_end' && e.output && !out.includes(e.output)) out.push(e.output);
  }
  return out;
}

/** `true` when `actual` contains every key of `expected`, recursively (arrays compared whole). */
function containsSubset(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((v, i) => containsSubset(actual[i], v))
    );
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) =>
      containsSubset((actual as Record<string, unknown>)[k], v),
    );
  }
  return false;
}

function list(items: string[]): string {
  return items.length ? items.map((s) => `  - ${s}`).join('\n') : '  (nothing)';
}

/**
 * The agent said something matching `expected` (a substring or a RegExp) in a final assistant
 * transcript or a response's output.
 * @example
 * expect(scripted).toHaveSaid(/weather/);
 */
export function toHaveSaid(received: unknown, expected: string | RegExp): MatcherResult {
  if (typeof expected !== 'string' && !(expected instanceof RegExp))
    throw new TypeError(`toHaveSaid: expected a string or a RegExp, got ${show(expected)}`);
  const lines = said(eventsOf(received, 'toHaveSaid'));
  const pass = lines.some((l) => (typeof expected === 'string' ? l.includes(expected) : expected.test(l)));
  return {
    pass,
    actual: lines,
    expected,
    message: () =>
      pass
        ? `expected the agent not to have said ${show(expected)}, but it said:\n${list(lines.map(show))}`
        : `expected the agent to have said ${show(expected)}, but it said:\n${list(lines.map(show))}`,
  };
}

/**
 * A tool named `name` was called, with arguments containing `args` when given (a subset match).
 * @example
 * expect(scripted).toHaveCalledTool('get_weather', { city: 'Paris' });
 */
export function toHaveCalledTool(
  received: unknown,
  name: string,
  args?: Record<string, unknown>,
): MatcherResult {
  if (typeof name !== 'string' || !name)
    throw new TypeError(`toHaveCalledTool: expected a tool name (a non-empty string), got ${show(name)}`);
  const calls = eventsOf(received, 'toHaveCalledTool').filter(
    (e): e is Extract<SessionEvent, { type: 'tool_start' }> => e.type === 'tool_start',
  );
  const pass = calls.some(
    (c) => c.toolName === name && (args === undefined || containsSubset(c.arguments, args)),
  );
  const want = args === undefined ? name : `${name}(${show(args)})`;
  const seen = calls.map((c) => `${c.toolName}(${show(c.arguments)})`);
  return {
    pass,
    actual: calls.map((c) => ({ name: c.toolName, arguments: c.arguments })),
    expected: { name, arguments: args },
    message: () =>
      pass
        ? `expected no call to ${want}, but the calls were:\n${list(seen)}`
        : `expected a call to ${want}, but the calls were:\n${list(seen)}`,
  };
}

/**
 * The session handed off to the agent named `agentName`.
 * @example
 * expect(scripted).toHaveHandedOffTo('Spanish');
 */
export function toHaveHandedOffTo(received: unknown, agentName: string): MatcherResult {
  if (typeof agentName !== 'string' || !agentName)
    throw new TypeError(
      `toHaveHandedOffTo: expected an agent name (a non-empty string), got ${show(agentName)}`,
    );
  const handoffs = eventsOf(received, 'toHaveHandedOffTo')
    .filter((e): e is Extract<SessionEvent, { type: 'handoff' }> => e.type === 'handoff')
    .map((e) => `${e.from.name} → ${e.to.name}`);
  const pass = handoffs.some((h) => h.endsWith(`→ ${agentName}`));
  return {
    pass,
    actual: handoffs,
    expected: agentName,
    message: () =>
      pass
        ? `expected no handoff to ${show(agentName)}, but the handoffs were:\n${list(handoffs)}`
        : `expected a handoff to ${show(agentName)}, but the handoffs were:\n${list(handoffs)}`,
  };
}

/** All matchers, for `expect.extend(realtimeMatchers)` in any Jest-compatible runner. */
export const realtimeMatchers = { toHaveSaid, toHaveCalledTool, toHaveHandedOffTo };
