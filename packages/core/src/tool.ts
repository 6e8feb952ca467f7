/**
 * Function tools: a zod object schema, a description and an `execute` function.
 * @module
 */
import type { $ZodObject, infer as ZodInfer } from 'zod/v4/core';
import type { RunContext } from './context.js';
import { ConfigError } from './errors.js';
import type { FunctionTool as WireTool } from './protocol/session-config.js';

/** Any zod v4 object schema (classic `z.object` or mini `z.object`). */
export type ToolParameters = $ZodObject;

/** The parsed argument type of a tool schema. */
export type ToolArgs<P extends ToolParameters> = ZodInfer<P>;

export interface ToolOptions<P extends ToolParameters, TContext = unknown> {
  /** Name the model calls; letters, digits, `_` and `-`, at most 64. */
  name: string;
  description: string;
  parameters: P;
  /** Runs with arguments already parsed by `parameters`. Its result is sent to the model (strings as-is, others as JSON). */
  execute: (args: ToolArgs<P>, ctx: RunContext<TContext>) => unknown | Promise<unknown>;
  /** Ask the user before running: `true`, or a predicate on the parsed arguments. */
  needsApproval?: boolean | ((args: ToolArgs<P>, ctx: RunContext<TContext>) => boolean | Promise<boolean>);
  /** Give up after this many ms and tell the model it timed out. @default 30000 */
  timeoutMs?: number;
  /**
   * JSON Schema of the parameters. Not needed for zod classic schemas (`z.object`), which convert
   * themselves with zod's own converter; pass `z.toJSONSchema(schema)` when using `zod/mini`.
   */
  jsonSchema?: Record<string, unknown>;
}

/** A function tool, created by `tool()`. */
export interface FunctionTool<TContext = unknown> {
  readonly kind: 'function';
  readonly name: string;
  readonly description: string;
  readonly parameters: ToolParameters;
  /** JSON Schema of the parameters, from zod's own converter. */
  readonly jsonSchema: Record<string, unknown>;
  readonly timeoutMs: number;
  readonly needsApproval: boolean | ((args: never, ctx: RunContext<TContext>) => boolean | Promise<boolean>);
  readonly execute: (args: never, ctx: RunContext<TContext>) => unknown | Promise<unknown>;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

interface SchemaConverters {
  toJSONSchema?: () => Record<string, unknown>;
  '~standard'?: { jsonSchema?: { input?: (o: { target: string }) => Record<string, unknown> } };
}

/** JSON Schema through the schema's own zod converter (so core does not bundle a second one). */
function toJsonSchema(
  name: string,
  parameters: unknown,
  given?: Record<string, unknown>,
): Record<string, unknown> {
  if (given) return given;
  const p = parameters as SchemaConverters;
  if (typeof p.toJSONSchema === 'function') return p.toJSONSchema();
  const standard = p['~standard']?.jsonSchema?.input;
  if (typeof standard === 'function') return standard({ target: 'draft-2020-12' });
  throw new ConfigError(
    'tool.jsonSchema',
    `tool '${name}': this schema cannot convert itself to JSON Schema (zod/mini?); pass jsonSchema: z.toJSONSchema(parameters)`,
  );
}

/**
 * Define a function tool.
 * @example
 * const getWeather = tool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parameters: z.object({ city: z.string() }),
 *   execute: ({ city }) => `Sunny in ${city}, 72F`,
 * });
 */
export function tool<P extends ToolParameters, TContext = unknown>(
  options: ToolOptions<P, TContext>,
): FunctionTool<TContext> {
  if (!options || typeof options !== 'object')
    throw new ConfigError('tool', 'tool(options) needs an options object');
  if (typeof options.name !== 'string' || !NAME.test(options.name)) {
    throw new ConfigError(
      'tool.name',
      `tool name ${JSON.stringify(options.name)} is invalid: use 1–64 letters, digits, '_' or '-'`,
    );
  }
  if (typeof options.execute !== 'function') {
    throw new ConfigError('tool.execute', `tool '${options.name}': execute must be a function`);
  }
  const p = options.parameters as unknown as { _zod?: { def?: { type?: string } } };
  if (p?._zod?.def?.type !== 'object') {
    throw new ConfigError(
      'tool.parameters',
      `tool '${options.name}': parameters must be a zod object schema, e.g. z.object({ city: z.string() })`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ConfigError(
      'tool.timeoutMs',
      `tool '${options.name}': timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
  const { $schema: _ignored, ...jsonSchema } = toJsonSchema(
    options.name,
    options.parameters,
    options.jsonSchema,
  );
  return Object.freeze({
    kind: 'function' as const,
    name: options.name,
    description: options.description ?? '',
    parameters: options.parameters,
    jsonSchema,
    timeoutMs,
    needsApproval: (options.needsApproval ?? false) as FunctionTool<TContext>['needsApproval'],
    execute: options.execute as FunctionTool<TContext>['execute'],
  });
}

/** The GA wire shape of a tool (flat, `type: 'function'`). */
export function toWireTool(t: {
  name: string;
  description: string;
  jsonSchema: Record<string, unknown>;
}): WireTool {
  return { type: 'function', name: t.name, description: t.description, parameters: t.jsonSchema };
}
