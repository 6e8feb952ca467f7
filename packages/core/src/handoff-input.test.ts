import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { ConfigError, type ToolError } from './errors.js';
import { realtimeHandoff } from './handoff.js';
import type { FunctionTool } from './protocol/session-config.js';
import { connectScripted } from './testing/connect-scripted.js';

const escalations: Array<{ reason: string; priority?: number }> = [];
const supervisor = new RealtimeAgent({ name: 'Supervisor', instructions: 'You handle escalations.' });
const toSupervisor = realtimeHandoff(supervisor, {
  inputType: z.object({ reason: z.string(), priority: z.number().int().min(1).max(3).optional() }),
  onHandoff: (_ctx, input) => {
    escalations.push(input);
  },
});
const front = new RealtimeAgent({ name: 'Front', handoffs: [toSupervisor] });

describe('handoffs with typed input', () => {
  it("offers the inputType's JSON Schema to the model", async () => {
    const { transport } = await connectScripted(front);
    const wire = transport.connectOptions!.session.tools!.find(
      (t) => t.type === 'function' && t.name === 'transfer_to_supervisor',
    )! as FunctionTool;
    expect(wire.parameters).toMatchObject({
      type: 'object',
      properties: { reason: { type: 'string' }, priority: { type: 'integer', minimum: 1, maximum: 3 } },
      required: ['reason'],
    });
  });

  it('validates the input, gives it to onHandoff, then switches agent', async () => {
    escalations.length = 0;
    const { session, script, feed, settle, of } = await connectScripted(front);
    feed(
      script.functionCalls([
        { name: 'transfer_to_supervisor', arguments: '{"reason":"refund over limit","priority":2}' },
      ]).events,
    );
    await settle();
    expect(escalations).toEqual([{ reason: 'refund over limit', priority: 2 }]);
    expect(session.currentAgent.name).toBe('Supervisor');
    expect(of('handoff')).toHaveLength(1);
  });

  it('invalid input: no switch, onHandoff not called, the model is told what to fix', async () => {
    escalations.length = 0;
    const { session, transport, script, feed, settle, of } = await connectScripted(front);
    feed(script.functionCalls([{ name: 'transfer_to_supervisor', arguments: '{"priority":9}' }]).events);
    await settle();
    expect(escalations).toEqual([]);
    expect(session.currentAgent.name).toBe('Front');
    expect(of('handoff')).toHaveLength(0);
    const out = transport.sentOf('conversation.item.create').at(-1)!.item as { output: string };
    expect(out.output).toMatch(
      /^Error: invalid arguments for 'transfer_to_supervisor': reason: got undefined, expected string/,
    );
    expect((of('error')[0]!.error as ToolError).code).toBe('invalid_arguments');
  });

  it('rejects an inputType that is not an object schema', () => {
    expect(() => realtimeHandoff(supervisor, { inputType: z.string() as never })).toThrow(ConfigError);
    expect(() => realtimeHandoff(supervisor, { inputType: { reason: 'string' } as never })).toThrow(
      /inputType must be a Standard Schema object schema/,
    );
  });
});
