/**
 * The invariants a session keeps whatever the server sends. Each check returns the violations it
 * found (empty = holds), so a failing case says exactly what broke.
 * @module
 */
import { ProtocolError } from '../errors.js';
import { parseServerEvent } from '../protocol/parse.js';
import type { Trace } from './trace.js';

/** Nothing thrown at the caller, no unhandled rejection or uncaught exception. */
export function noLeakedExceptions(t: Trace): string[] {
  return t.thrown.map((e) => `exception reached the user: ${(e as Error)?.stack ?? String(e)}`);
}

/** Every message the parser rejects produces an `error` event carrying a ProtocolError, at once. */
export function rejectedBecomeErrors(t: Trace): string[] {
  const out: string[] = [];
  t.entries.forEach((e, i) => {
    if (e.dir !== 'in' || e.deaf || parseServerEvent(e.wire).ok) return;
    const reported = e.emitted.some(
      (ev) => ev.type === 'error' && ev.error instanceof ProtocolError && /^invalid_/.test(ev.error.code),
    );
    if (!reported) out.push(`entry ${i}: rejected message gave no error event: ${preview(e.wire)}`);
  });
  return out;
}

/**
 * No `response.create` while a response writes to the default conversation (created, not yet
 * done, as the accepted events tell). The server runs one such response at a time, so a newer
 * `response.created` replaces the older one; out-of-band ones (`conversation_id: null`) may run
 * beside it and do not count. A new connection is a new server session, with no response.
 */
export function noCreateWhileActive(t: Trace): string[] {
  let active: string | null = null;
  const out: string[] = [];
  t.entries.forEach((e, i) => {
    if (e.dir === 'connect') active = null;
    else if (e.dir === 'in') {
      if (e.deaf) return;
      const r = parseServerEvent(e.wire);
      if (!r.ok || !r.known) return;
      const ev = r.event;
      if (ev.type === 'response.created' && ev.response.conversation_id !== null) active = ev.response.id;
      else if (ev.type === 'response.done' && ev.response.id === active) active = null;
    } else if (e.dir === 'out' && e.event.type === 'response.create' && active !== null) {
      out.push(`entry ${i}: response.create sent while ${active} is in progress`);
    }
  });
  return out;
}

/**
 * Each call id runs its tool at most once, and gets at most one `function_call_output` per server
 * session (a reconnect re-seeds a new server session, which is sent the output again).
 */
export function callsRunOnce(t: Trace): string[] {
  const out: string[] = [];
  for (const [tag, n] of t.executions) if (n > 1) out.push(`call ${tag} executed ${n} times`);
  const outputs = new Map<string, number>();
  for (const e of t.entries) {
    if (e.dir === 'connect') {
      for (const [id, n] of outputs) if (n > 1) out.push(`call ${id} got ${n} function_call_output items`);
      outputs.clear();
    }
    if (e.dir !== 'out' || e.event.type !== 'conversation.item.create') continue;
    const item = e.event.item;
    if (item.type === 'function_call_output') outputs.set(item.call_id, (outputs.get(item.call_id) ?? 0) + 1);
  }
  for (const [id, n] of outputs) if (n > 1) out.push(`call ${id} got ${n} function_call_output items`);
  return out;
}

/** History item ids are unique. */
export function uniqueHistoryIds(t: Trace): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of t.historyIds) {
    if (seen.has(id)) out.push(`history item id ${preview(id)} appears twice`);
    seen.add(id);
  }
  return out;
}

/** The session closed: `closed` is true, a `connection: closed` event came, nothing was sent after. */
export function closesCleanly(t: Trace): string[] {
  const out: string[] = [];
  if (!t.closed) out.push('session.closed is false after close()');
  if (!t.events.some((e) => e.type === 'connection' && e.state === 'closed'))
    out.push("no 'connection' event with state 'closed'");
  const at = t.entries.findIndex((e) => e.dir === 'close');
  if (at < 0) out.push('the case never closed the session');
  else {
    const late = t.entries.slice(at + 1).find((e) => e.dir === 'out');
    if (late?.dir === 'out') out.push(`'${late.event.type}' sent after close()`);
  }
  return out;
}

export const INVARIANTS = {
  noLeakedExceptions,
  rejectedBecomeErrors,
  noCreateWhileActive,
  callsRunOnce,
  uniqueHistoryIds,
  closesCleanly,
} as const;

/**
 * Every invariant over one trace; the list of violations, each prefixed by its invariant.
 * @example
 * expect(checkTrace(await driveSession(steps))).toEqual([]);
 */
export function checkTrace(t: Trace): string[] {
  return Object.entries(INVARIANTS).flatMap(([name, check]) => check(t).map((v) => `${name}: ${v}`));
}

function preview(wire: unknown): string {
  const s = typeof wire === 'string' ? wire : (JSON.stringify(wire) ?? String(wire));
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
