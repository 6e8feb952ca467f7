// Output guardrails set on the runner apply to every agent of the session, before the agent's own;
// a guardrail's policyHint reaches the model with the request for a corrected answer.
import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { outputGuardrail } from './guardrail.js';
import { resolveRunnerOptions } from './options.js';
import { connectScripted } from './testing/connect-scripted.js';

const noPrices = outputGuardrail({
  name: 'no_prices',
  execute: (_ctx, _agent, output) => ({
    tripwireTriggered: /\$\d/.test(output),
    policyHint: 'Never quote prices; point to the price list instead.',
  }),
});
const seen: string[] = [];
const agentOwn = outputGuardrail({
  name: 'agent_check',
  execute: (_ctx, agent) => {
    seen.push(agent.name);
    return { tripwireTriggered: false };
  },
});

const lastSystemText = (t: { sentOf(type: 'conversation.item.create'): Array<{ item: unknown }> }) => {
  const item = t.sentOf('conversation.item.create').at(-1)?.item as
    | { content: Array<{ text: string }> }
    | undefined;
  return item?.content[0]?.text;
};

describe('session-level output guardrails', () => {
  it('trip on any agent, with the policy hint in the event and in the correction the model reads', async () => {
    const { transport, script, feed, settle, of } = await connectScripted(
      new RealtimeAgent({ name: 'Sales', outputGuardrails: [agentOwn] }),
      { guardrails: { outputGuardrails: [noPrices] } },
    );
    feed(script.spoken('The plan is $20 a month.').events);
    await settle();
    expect(of('guardrail_tripped')[0]).toMatchObject({
      guardrail: 'no_prices',
      policyHint: 'Never quote prices; point to the price list instead.',
      retrying: true,
    });
    expect(lastSystemText(transport)).toBe(
      "Your last answer was blocked by the output guardrail 'no_prices'. Policy: Never quote prices; point to the price list instead. Apologize briefly and answer again without that content.",
    );
    expect(seen).toContain('Sales'); // the agent's own guardrail still ran
  });

  it('an answer that passes trips nothing', async () => {
    const { script, feed, settle, of } = await connectScripted(new RealtimeAgent({ name: 'Plain' }), {
      guardrails: { outputGuardrails: [noPrices] },
    });
    feed(script.spoken('See the price list on our site.').events);
    await settle();
    expect(of('guardrail_tripped')).toEqual([]);
    expect(of('agent_end')).toHaveLength(1);
  });

  it('rejects anything but an array of outputGuardrail values', () => {
    for (const bad of [noPrices, [() => ({ tripwireTriggered: false })], [{ name: 'x' }]]) {
      try {
        resolveRunnerOptions({ guardrails: { outputGuardrails: bad as never } });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).option).toBe('guardrails.outputGuardrails');
      }
    }
  });
});
