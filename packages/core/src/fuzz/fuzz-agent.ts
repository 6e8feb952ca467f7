/**
 * The agent every session fuzz case talks to: a tool that succeeds, one that throws, one that needs
 * approval, a handoff (and one back) and an output guardrail. It counts what really ran.
 * @module
 */
import { z } from 'zod';
import { RealtimeAgent } from '../agent.js';
import { outputGuardrail } from '../guardrail.js';
import { realtimeHandoff } from '../handoff.js';
import { tool } from '../tool.js';

/** Tool names the stream generator may call (`nope` is a tool no agent has). */
export const FUZZ_TOOLS = [
  'lookup',
  'explode',
  'guarded',
  'transfer_to_other',
  'transfer_to_main',
  'nope',
] as const;
export type FuzzToolName = (typeof FUZZ_TOOLS)[number];

/** Text that makes the guardrail trip, and text that makes it throw. */
export const TRIP_WORD = 'forbidden';
export const GUARDRAIL_THROW_WORD = 'boom';

/** What the tools and hooks saw, by the `tag` argument each generated call carries. */
export interface FuzzCounters {
  /** Tool executions per tag. */
  executions: Map<string, number>;
  /** `onHandoff` hooks run. */
  handoffs: number;
  /** Every execution in order, for reports. */
  log: string[];
}

/**
 * A fresh agent pair and counters (one per case: counters must not leak across cases).
 * @example
 * const { agent, counters } = fuzzAgent();
 * const s = await connectScripted(agent);
 */
export function fuzzAgent() {
  const counters: FuzzCounters = { executions: new Map(), handoffs: 0, log: [] };
  const ran = (name: string, tag: string) => {
    counters.executions.set(tag, (counters.executions.get(tag) ?? 0) + 1);
    counters.log.push(`${name}:${tag}`);
  };
  const params = z.object({ tag: z.string() });
  const tools = [
    tool({
      name: 'lookup',
      description: 'Succeeds',
      parameters: params,
      execute: ({ tag }) => {
        ran('lookup', tag);
        return `found ${tag}`;
      },
    }),
    tool({
      name: 'explode',
      description: 'Throws',
      parameters: params,
      execute: ({ tag }) => {
        ran('explode', tag);
        throw new Error(`explode ${tag}`);
      },
    }),
    tool({
      name: 'guarded',
      description: 'Needs approval',
      parameters: params,
      needsApproval: true,
      execute: ({ tag }) => {
        ran('guarded', tag);
        return `guarded ${tag}`;
      },
    }),
  ];
  const guardrail = outputGuardrail({
    name: 'no_forbidden',
    execute: (_ctx, _agent, output) => {
      if (output.includes(GUARDRAIL_THROW_WORD)) throw new Error('guardrail failed');
      return { tripwireTriggered: output.includes(TRIP_WORD), outputInfo: { word: TRIP_WORD } };
    },
  });
  const hooked = () => {
    counters.handoffs++;
  };
  const base = { tools, outputGuardrails: [guardrail] };
  // Agents cannot point at each other, so "back to main" is a twin of main without handoffs.
  const back = new RealtimeAgent({ name: 'Main', ...base });
  const other = new RealtimeAgent({
    name: 'Other',
    ...base,
    handoffs: [realtimeHandoff(back, { onHandoff: hooked })],
  });
  const main = new RealtimeAgent({
    name: 'Main',
    ...base,
    handoffs: [realtimeHandoff(other, { onHandoff: hooked })],
  });
  return { agent: main, counters };
}
