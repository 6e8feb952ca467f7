import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as zm from 'zod/mini';
import { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { parseToolArguments, runTool } from './run-tool.js';
import { tool } from './tool.js';

const ctx = { context: undefined, agent: new RealtimeAgent({ name: 'x' }), history: [] };
const approveAll = { approve: async () => ({ approved: true as const }), started: () => {} };

// The same tool written with each schema library a user might bring.
const cases = [
  {
    library: 'valibot (toStandardJsonSchema)',
    make: () =>
      tool({
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: toStandardJsonSchema(v.object({ city: v.string(), days: v.optional(v.number()) })),
        execute: (args) => {
          expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>();
          return `Sunny in ${args.city}`;
        },
      }),
  },
  {
    library: 'arktype',
    make: () =>
      tool({
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: type({ city: 'string', 'days?': 'number' }),
        execute: (args) => {
          expectTypeOf(args.city).toEqualTypeOf<string>();
          return `Sunny in ${args.city}`;
        },
      }),
  },
  {
    library: 'zod/mini (jsonSchema given)',
    make: () => {
      const parameters = zm.object({ city: zm.string(), days: zm.optional(zm.number()) });
      return tool({
        name: 'get_weather',
        description: 'Weather for a city',
        parameters,
        jsonSchema: zm.toJSONSchema(parameters),
        execute: (args) => {
          expectTypeOf(args.city).toEqualTypeOf<string>();
          return `Sunny in ${args.city}`;
        },
      });
    },
  },
];

describe.each(cases)('tool() with $library', ({ make }) => {
  const t = make();

  it('sends the library’s own JSON Schema, without $schema', () => {
    expect(t.jsonSchema).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'number' } },
      required: ['city'],
    });
    expect(t.jsonSchema).not.toHaveProperty('$schema');
  });

  it('validates arguments with the library and runs the tool', async () => {
    const r = await runTool(t, 'c1', '{"city":"Oslo"}', ctx, approveAll);
    expect(r).toMatchObject({ output: 'Sunny in Oslo', args: { city: 'Oslo' } });
    expect(r.error).toBeUndefined();
  });

  it('turns the library’s issue into an invalid_arguments result the model can act on', async () => {
    const r = await parseToolArguments(t, 'c2', '{"city":42}');
    expect(r).toMatchObject({ error: { code: 'invalid_arguments', toolName: 'get_weather', callId: 'c2' } });
    expect((r as { output: string }).output).toMatch(/'get_weather': city: got 42, /);
  });
});

describe('tool() rejects schemas it cannot send', () => {
  it('a bare valibot schema (no JSON Schema converter) asks for toStandardJsonSchema', () => {
    expect(() =>
      tool({ name: 'f', description: '', parameters: v.object({ a: v.string() }), execute: () => 1 }),
    ).toThrow(/toStandardJsonSchema\(\) from @valibot\/to-json-schema/);
  });

  it('a schema of something other than an object names the option and the type found', () => {
    try {
      tool({ name: 'f', description: '', parameters: type('string') as never, execute: () => 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).option).toBe('tool.parameters');
      expect((e as Error).message).toMatch(/JSON Schema type 'object'.*got "string"/);
    }
  });

  it('a plain object that is no schema lists the libraries that are accepted', () => {
    expect(() =>
      tool({ name: 'f', description: '', parameters: { city: 'string' } as never, execute: () => 1 }),
    ).toThrow(/Standard Schema object schema \(zod, zod\/mini, valibot, arktype\)/);
  });
});
