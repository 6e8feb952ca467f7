import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { realtimeHandoff, snakeCase } from './handoff.js';
import { outputGuardrail } from './guardrail.js';
import { parseToolArguments, runTool } from './run-tool.js';
import { tool } from './tool.js';

const ctx = { context: undefined, agent: new RealtimeAgent({ name: 'x' }), history: [] };
const approveAll = { approve: async () => ({ approved: true as const }), started: () => {} };

describe('tool()', () => {
  it('derives JSON Schema with zod v4 and drops $schema', () => {
    const t = tool({
      name: 'f',
      description: 'd',
      parameters: z.object({ n: z.number().int().min(1), tags: z.array(z.string()).optional() }),
      execute: () => 1,
    });
    expect(t.jsonSchema).toMatchObject({
      type: 'object',
      properties: { n: { type: 'integer', minimum: 1 }, tags: { type: 'array' } },
      required: ['n'],
    });
    expect(t.jsonSchema).not.toHaveProperty('$schema');
  });

  it('accepts a zod mini object schema with its JSON Schema passed in, and validates with it', async () => {
    const parameters = zm.object({ a: zm.string() });
    const t = tool({
      name: 'm',
      description: '',
      parameters,
      jsonSchema: zm.toJSONSchema(parameters),
      execute: ({ a }) => a,
    });
    expect(t.jsonSchema).toMatchObject({ properties: { a: { type: 'string' } } });
    expect(await parseToolArguments(t, 'c', '{"a":"x"}')).toEqual({ args: { a: 'x' } });
    expect(await parseToolArguments(t, 'c', '{"a":1}')).toMatchObject({
      error: { code: 'invalid_arguments' },
    });
  });

  it('asks for jsonSchema when a mini schema cannot convert itself', () => {
    expect(() =>
      tool({ name: 'm', description: '', parameters: zm.object({ a: zm.string() }), execute: () => 1 }),
    ).toThrow(/pass jsonSchema: z.toJSONSchema\(parameters\)/);
  });

  it.each<[unknown, string]>([
    [{ name: 'bad name', description: '', parameters: z.object({}), execute: (): number => 1 }, 'tool.name'],
    [
      { name: 'x'.repeat(65), description: '', parameters: z.object({}), execute: (): number => 1 },
      'tool.name',
    ],
    [{ name: 'f', description: '', parameters: z.string(), execute: (): number => 1 }, 'tool.parameters'],
    [
      { name: 'f', description: '', parameters: { city: 'string' }, execute: (): number => 1 },
      'tool.parameters',
    ],
    [{ name: 'f', description: '', parameters: z.object({}) }, 'tool.execute'],
    [
      { name: 'f', description: '', parameters: z.object({}), execute: (): number => 1, timeoutMs: 0 },
      'tool.timeoutMs',
    ],
  ])('rejects bad definitions (%#) naming %s', (def, option) => {
    try {
      tool(def as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).option).toBe(option);
    }
  });

  it('defaults timeoutMs to 30 s and needsApproval to false', () => {
    const t = tool({ name: 'f', description: '', parameters: z.object({}), execute: () => 1 });
    expect(t.timeoutMs).toBe(30_000);
    expect(t.needsApproval).toBe(false);
  });
});

describe('parseToolArguments / runTool', () => {
  const weather = tool({
    name: 'get_weather',
    description: '',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => `Sunny in ${city}`,
  });

  it('parses and runs', async () => {
    const r = await runTool(weather, 'c1', '{"city":"Oslo"}', ctx, approveAll);
    expect(r).toMatchObject({ output: 'Sunny in Oslo', value: 'Sunny in Oslo', args: { city: 'Oslo' } });
    expect(r.error).toBeUndefined();
  });

  it('treats empty arguments as {}', async () => {
    const t = tool({ name: 'now', description: '', parameters: z.object({}), execute: () => 1 });
    expect(await parseToolArguments(t, 'c', '')).toEqual({ args: {} });
  });

  it('reports invalid JSON to the model and as ToolError invalid_json', async () => {
    const r = await runTool(weather, 'c1', '{"city":', ctx, approveAll);
    expect(r.error?.code).toBe('invalid_json');
    expect(r.output).toContain('not valid JSON');
  });

  it('reports schema failures with the field and what was expected', async () => {
    const r = await runTool(weather, 'c1', '{"city":42}', ctx, approveAll);
    expect(r.error?.code).toBe('invalid_arguments');
    expect(r.output).toContain('city: got 42, expected string');
  });

  it('JSON-encodes non-string results', async () => {
    const t = tool({ name: 'obj', description: '', parameters: z.object({}), execute: () => ({ temp: 7 }) });
    expect((await runTool(t, 'c', '{}', ctx, approveAll)).output).toBe('{"temp":7}');
  });

  it('turns a thrown error into tool_failed', async () => {
    const t = tool({
      name: 'boom',
      description: '',
      parameters: z.object({}),
      execute: () => {
        throw new Error('db down');
      },
    });
    const r = await runTool(t, 'c', '{}', ctx, approveAll);
    expect(r.error?.code).toBe('tool_failed');
    expect(r.output).toBe("Error: 'boom' failed: db down");
  });

  it('turns a rejected promise into tool_failed', async () => {
    const t = tool({
      name: 'boom',
      description: '',
      parameters: z.object({}),
      execute: async () => Promise.reject(new Error('nope')),
    });
    expect((await runTool(t, 'c', '{}', ctx, approveAll)).error?.code).toBe('tool_failed');
  });

  it('times out', async () => {
    const t = tool({
      name: 'slow',
      description: '',
      parameters: z.object({}),
      timeoutMs: 20,
      execute: () => new Promise(() => {}),
    });
    const r = await runTool(t, 'c', '{}', ctx, approveAll);
    expect(r.error?.code).toBe('timeout');
    expect(r.output).toContain('timed out after 20 ms');
  });

  it('asks for approval and respects a rejection', async () => {
    let executed = false;
    const t = tool({
      name: 'pay',
      description: '',
      parameters: z.object({ amount: z.number() }),
      needsApproval: true,
      execute: () => {
        executed = true;
      },
    });
    const r = await runTool(t, 'c', '{"amount":5}', ctx, {
      approve: async () => ({ approved: false, message: 'too expensive' }),
      started: () => {},
    });
    expect(executed).toBe(false);
    expect(r.error?.code).toBe('rejected');
    expect(r.output).toContain('too expensive');
  });

  it('uses a needsApproval predicate on parsed args', async () => {
    const asked: unknown[] = [];
    const t = tool({
      name: 'pay',
      description: '',
      parameters: z.object({ amount: z.number() }),
      needsApproval: ({ amount }) => amount > 100,
      execute: ({ amount }) => amount,
    });
    const hooks = {
      approve: async (a: unknown) => {
        asked.push(a);
        return { approved: true as const };
      },
      started: () => {},
    };
    await runTool(t, 'c1', '{"amount":5}', ctx, hooks);
    await runTool(t, 'c2', '{"amount":500}', ctx, hooks);
    expect(asked).toEqual([{ amount: 500 }]);
  });

  it('reports a throwing approval predicate', async () => {
    const t = tool({
      name: 'p',
      description: '',
      parameters: z.object({}),
      needsApproval: () => {
        throw new Error('x');
      },
      execute: () => 1,
    });
    expect((await runTool(t, 'c', '{}', ctx, approveAll)).error?.code).toBe('approval_failed');
  });
});

describe('handoffs and guardrails', () => {
  it.each([
    ['Spanish', 'spanish'],
    ['Spanish Agent', 'spanish_agent'],
    ['SpanishAgent', 'spanish_agent'],
    ['billing-support', 'billing_support'],
    ['  Tier 2 Support!  ', 'tier_2_support'],
  ])('snake_cases %j as %j', (name, out) => {
    expect(snakeCase(name)).toBe(out);
  });

  it('wraps bare agents in handoffs with the default tool name', () => {
    const spanish = new RealtimeAgent({ name: 'Spanish' });
    const a = new RealtimeAgent({ name: 'English', handoffs: [spanish] });
    expect(a.handoffs[0]?.toolName).toBe('transfer_to_spanish');
    expect(a.handoffs[0]?.agent).toBe(spanish);
  });

  it('honours toolName and description overrides', () => {
    const h = realtimeHandoff(new RealtimeAgent({ name: 'Billing' }), {
      toolName: 'to_billing',
      description: 'Money questions',
    });
    expect(h).toMatchObject({ toolName: 'to_billing', description: 'Money questions' });
  });

  it('rejects duplicate tool names across tools and handoffs', () => {
    const t = tool({
      name: 'transfer_to_spanish',
      description: '',
      parameters: z.object({}),
      execute: () => 1,
    });
    expect(
      () => new RealtimeAgent({ name: 'A', tools: [t], handoffs: [new RealtimeAgent({ name: 'Spanish' })] }),
    ).toThrow(/two tools named 'transfer_to_spanish'/);
  });

  it('rejects an agent without a name', () => {
    expect(() => new RealtimeAgent({ name: '' })).toThrow(ConfigError);
  });

  it('resolves dynamic instructions with the context', async () => {
    const a = new RealtimeAgent<{ user: string }>({
      name: 'A',
      instructions: (c, agent) => `Hi ${c.context.user} from ${agent.name}`,
    });
    expect(await a.resolveInstructions({ context: { user: 'Ada' }, agent: a, history: [] })).toBe(
      'Hi Ada from A',
    );
  });

  it('names guardrails from functions or objects', () => {
    async function noHarm() {
      return { tripwireTriggered: false };
    }
    expect(outputGuardrail(noHarm).name).toBe('noHarm');
    expect(outputGuardrail({ name: 'pii', execute: noHarm }).name).toBe('pii');
  });
});
