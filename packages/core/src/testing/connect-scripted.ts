/**
 * One call to get a connected session on a `ScriptedTransport`, with every event recorded.
 * @module
 */
import type { RealtimeAgent } from '../agent.js';
import type { SessionEvent, SessionEventOf, SessionEventType } from '../events.js';
import type { RealtimeRunnerOptions } from '../options.js';
import { RealtimeRunner } from '../runner.js';
import type { RealtimeSession } from '../session.js';
import { ScriptedTransport, type ScriptedTransportOptions } from './scripted-transport.js';
import { ServerScript } from './server-script.js';

export interface ScriptedSession<TContext> {
  session: RealtimeSession<TContext>;
  transport: ScriptedTransport;
  script: ServerScript;
  /** Every session event so far. */
  events: SessionEvent[];
  /** Recorded events of one type. */
  of<T extends SessionEventType>(type: T): SessionEventOf<T>[];
  /** Feed several server events. */
  feed(events: object[]): void;
  /** Wait until pending promises (tool runs, guardrails) settle. */
  settle(): Promise<void>;
}

/**
 * Connect `agent` over a `ScriptedTransport` and record its events.
 * @example
 * const { session, transport, script, feed, of } = await connectScripted(agent);
 * await session.sendText('hi');
 * feed(script.spoken('Hello!').events);
 * expect(of('agent_end')[0].output).toBe('Hello!');
 */
export async function connectScripted<TContext = unknown>(
  agent: RealtimeAgent<TContext>,
  options: Omit<RealtimeRunnerOptions, 'transport'> = {},
  transportOptions: ScriptedTransportOptions = {},
  context?: TContext,
): Promise<ScriptedSession<TContext>> {
  const transport = new ScriptedTransport(transportOptions);
  const runner = new RealtimeRunner({ ...options, transport });
  const session = await runner.session(agent, { context });
  const events: SessionEvent[] = [];
  session.on('*', (e) => events.push(e));
  const script = new ServerScript();
  return {
    session,
    transport,
    script,
    events,
    of: (type) => events.filter((e) => e.type === type) as never,
    feed: (list) => {
      for (const e of list) transport.receive(e);
    },
    settle: async () => {
      for (let i = 0; i < 10; i++) await new Promise<void>((r) => setTimeout(() => r(), 0));
    },
  };
}
