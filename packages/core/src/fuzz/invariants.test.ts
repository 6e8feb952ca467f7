import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import type { ClientEvent } from '../protocol/client-events.js';
import {
  callsRunOnce,
  checkTrace,
  closesCleanly,
  noCreateWhileActive,
  noLeakedExceptions,
  rejectedBecomeErrors,
  uniqueHistoryIds,
} from './invariants.js';
import { emptyTrace, type Trace } from './trace.js';

const created = (id: string, conversation_id: string | null = 'conv_1') => ({
  type: 'response.created',
  event_id: `ev_${id}`,
  response: { id, output: [], conversation_id },
});
const done = (id: string) => ({
  type: 'response.done',
  event_id: `ev_d_${id}`,
  response: { id, status: 'completed', output: [] },
});
const out = (event: object) => ({ dir: 'out' as const, event: event as ClientEvent });
const inn = (wire: object | string, emitted: Trace['events'] = []) => ({ dir: 'in' as const, wire, emitted });
const closedTrace = (): Trace => {
  const t = emptyTrace();
  t.events.push({ type: 'connection', state: 'closed' });
  t.entries.push({ dir: 'close' });
  return t;
};
const output = (call_id: string) =>
  out({
    type: 'conversation.item.create',
    event_id: 'c',
    item: { type: 'function_call_output', call_id, output: 'x' },
  });

// Each check must be able to fail: every planted violation is caught, the clean trace passes.
describe('fuzz invariants catch planted violations', () => {
  it('a clean trace passes every check', () => {
    const t = closedTrace();
    t.entries.unshift(inn(created('r1')), inn(done('r1')), out({ type: 'response.create', event_id: 'c1' }));
    expect(checkTrace(t)).toEqual([]);
  });

  it('noLeakedExceptions', () => {
    const t = closedTrace();
    t.thrown.push(new Error('leak'));
    expect(noLeakedExceptions(t)).toHaveLength(1);
  });

  it('rejectedBecomeErrors: a rejected message without an error event, but not on a dead link', () => {
    const t = closedTrace();
    t.entries.unshift(inn('not json'));
    expect(rejectedBecomeErrors(t)).toHaveLength(1);
    t.entries[0] = { ...inn('not json'), deaf: true };
    expect(rejectedBecomeErrors(t)).toEqual([]);
    t.entries[0] = inn('not json', [
      { type: 'error', error: new ProtocolError('invalid_json', 'bad', null) },
    ]);
    expect(rejectedBecomeErrors(t)).toEqual([]);
  });

  it('noCreateWhileActive: a create during a conversation response; an out-of-band one does not count', () => {
    const t = closedTrace();
    t.entries.unshift(inn(created('r1')), out({ type: 'response.create', event_id: 'c1' }));
    expect(noCreateWhileActive(t)).toHaveLength(1);
    t.entries[0] = inn(created('r_oob', null));
    expect(noCreateWhileActive(t)).toEqual([]);
    // a malformed done does not end the response
    t.entries.splice(0, 1, inn(created('r1')), inn({ ...done('r1'), response: { id: 'r1' } }));
    expect(noCreateWhileActive(t)).toHaveLength(1);
  });

  it('callsRunOnce: a tool run twice, or two outputs for one call', () => {
    const t = closedTrace();
    t.executions.set('call_1', 2);
    expect(callsRunOnce(t)).toHaveLength(1);
    t.executions.set('call_1', 1);
    t.entries.unshift(output('call_1'), output('call_1'));
    expect(callsRunOnce(t)).toHaveLength(1);
    // a reconnect's re-seed sends it to a new server session: not a second output there
    t.entries.splice(1, 0, { dir: 'connect' });
    expect(callsRunOnce(t)).toEqual([]);
  });

  it('uniqueHistoryIds', () => {
    const t = closedTrace();
    t.historyIds.push('item_1', 'item_2', 'item_1');
    expect(uniqueHistoryIds(t)).toHaveLength(1);
  });

  it('closesCleanly: not closed, no closed event, or something sent after close()', () => {
    const t = closedTrace();
    t.entries.push(out({ type: 'response.create', event_id: 'late' }));
    expect(closesCleanly(t)).toHaveLength(1);
    const u = closedTrace();
    u.closed = false;
    u.events.length = 0;
    expect(closesCleanly(u)).toHaveLength(2);
  });
});
