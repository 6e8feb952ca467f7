/**
 * Runs one fuzz case: a real `RealtimeSession` on a `ScriptedTransport`, the fuzz agent, the
 * steps fed in order, approvals answered (approve, reject, leave pending, in turn), then a close.
 * @module
 */
import type { SessionEvent } from '../events.js';
import { RealtimeRunner } from '../runner.js';
import { fuzzAgent } from './fuzz-agent.js';
import type { Step } from './step.js';
import type { Trace, TraceEntry } from './trace.js';
import { TracingTransport, isScriptedDecodeError } from './tracing-transport.js';

/** Let pending promise chains (tools, guardrails, approvals) run; no timers, so it stays fast. */
async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * Drive `steps` through a fresh session and return its trace. `thrown` collects exceptions that
 * reach the caller; pass the process traps' array to collect unhandled rejections there too.
 * @example
 * const trace = await driveSession(applyMutations(steps, mutations));
 * expect(checkTrace(trace)).toEqual([]);
 */
export async function driveSession(steps: readonly Step[], thrown: unknown[] = []): Promise<Trace> {
  const { agent, counters } = fuzzAgent();
  const entries: TraceEntry[] = [];
  const transport = new TracingTransport({ respond: (event) => entries.push({ dir: 'out', event }) });
  transport.onConnect = () => entries.push({ dir: 'connect' });
  const session = await new RealtimeRunner({ transport }).session(agent);
  const events: SessionEvent[] = [];
  session.on('*', (e) => events.push(e));
  const decodeErrors: unknown[] = [];
  const s = { session, transport, events };
  let approvals = 0;
  // After a session_expired the old link is dead until the reconnect connects again
  let deafSince: number | null = null;
  s.session.on('tool_approval_requested', (e) => {
    const turn = approvals++ % 3;
    try {
      if (turn === 0) s.session.approveTool(e.callId);
      else if (turn === 1) s.session.rejectTool(e.callId, 'fuzz says no');
    } catch (err) {
      thrown.push(err);
    }
  });
  for (const step of steps) {
    if (step.kind === 'settle') await settle();
    else if (step.kind === 'say') {
      if (s.session.closed) continue;
      entries.push({ dir: 'say', text: step.text });
      try {
        await s.session.sendText(step.text);
      } catch (err) {
        thrown.push(err);
      }
    } else {
      if (deafSince !== null && transport.connects > deafSince) deafSince = null;
      const before = s.events.length;
      const entry: TraceEntry = { dir: 'in', wire: step.wire, emitted: [], deaf: deafSince !== null };
      entries.push(entry);
      try {
        s.transport.receive(step.wire);
      } catch (err) {
        // The scripted transport's own base64 fallback throws after the session took the event;
        // anything else (and anything from the session's handlers) is a leak.
        if (!transport.fromSession.includes(err) && isScriptedDecodeError(err)) decodeErrors.push(err);
        else thrown.push(err);
      }
      entry.emitted = s.events.slice(before);
      if (entry.emitted.some((e) => e.type === 'warning' && e.warning.code === 'session_expired'))
        deafSince = transport.connects;
    }
  }
  await settle();
  const historyIds = s.session.history.map((h) => h.itemId);
  try {
    s.session.close();
  } catch (err) {
    thrown.push(err);
  }
  entries.push({ dir: 'close' });
  await settle();
  return {
    entries,
    thrown,
    executions: counters.executions,
    historyIds,
    closed: s.session.closed,
    decodeErrors,
    events: s.events,
  };
}
