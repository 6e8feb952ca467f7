/**
 * Function tools: an object schema (any Standard Schema: zod, zod/mini, valibot, arktype), a
 * description and an `execute` function.
 * @module
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ToolContext } from './context.js';
import { ConfigError, type ToolError } from './errors.js';
import { checkIsEnabled, type IsEnabled } from './tool-enabled.js';
import type { FunctionTool as WireTool } from './protocol/session-config.js';

/**
 * An object schema from any library that implements Standard Schema v1 (zod 4 classic or mini,
 * valibot, arktype, …). Arguments are validated with its `~standard.validate`.
 * @example
 * const parameters: ToolParameters = z.object({ city: z.string() });
 */
export type ToolParameters = StandardSchemaV1<unknown, Record<string, unknown>>;

/**
 * The parsed argument type of a tool schema (its Standard Schema output type).
 * @example
 * type Args = ToolArgs<typeof parameters>; // { city: string }
 */
export type ToolArgs<P extends ToolParameters> = StandardSchemaV1.InferOutput<P>;

export interface ToolOptions<P extends ToolParameters, TContext = unknown> {
  /** Name the model calls; letters, digits, `_` and `-`, at most 64. */
  name: string;
  description: string;
  parameters: P;
  /**
   * Runs with arguments already parsed by `parameters` and a context that includes the `callId`.
   * Its result is sent to the model (strings as-is, others as JSON).
   */
  execute: (args: ToolArgs<P>, ctx: ToolContext<TContext>) => unknown | Promise<unknown>;
  /** Ask the user before running: `true`, or a predicate on the parsed arguments. */
  needsApproval?: boolean | ((args: ToolArgs<P>, ctx: ToolContext<TContext>) => boolean | Promise<boolean>);
  /** Give up after this many ms and tell the model it timed out. @default 30000 */
  timeoutMs?: number;
  /**
   * What a timeout does: `'error_as_result'` tells the model it timed out (and it answers);
   * `'raise'` only reports the `ToolError` (`code: 'timeout'`) as an `error` event: the model gets
   * no output and is not asked to answer, so your code decides what comes next.
   * @default 'error_as_result'
   */
  timeoutBehavior?: 'error_as_result' | 'raise';
  /** Offer the tool to the model only when true (checked whenever the session config is sent). @default true */
  isEnabled?: IsEnabled<TContext>;
  /**
   * The text the model reads when this tool fails (bad arguments, a throw, a timeout), instead of the
   * kit's own; the `error` event still carries the full `ToolError`.
   * @example errorFunction: (e) => e.code === 'timeout' ? 'The booking system is slow; try again.' : 'Booking failed.'
   */
  errorFunction?: (error: ToolError, ctx: ToolContext<TContext>) => string;
  /**
   * JSON Schema of the parameters. Not needed for schemas that convert themselves (Standard JSON
   * Schema: zod classic, arktype, valibot wrapped in `toStandardJsonSchema`); pass
   * `z.toJSONSchema(schema)` for `zod/mini`, or your library's converter's output.
   */
  jsonSchema?: Record<string, unknown>;
}

/** A function tool, created by `tool()`. */
export interface FunctionTool<TContext = unknown> {
  readonly kind: 'function';
  readonly name: string;
  readonly description: string;
  readonly parameters: ToolParameters;
  /** JSON Schema of the parameters, from the schema's own converter (or `jsonSchema` as given). */
  readonly jsonSchema: Record<string, unknown>;
  readonly timeoutMs: number;
  readonly timeoutBehavior: 'error_as_result' | 'raise';
  readonly isEnabled?: boolean | ((ctx: never) => boolean | Promise<boolean>);
  readonly errorFunction?: (error: ToolError, ctx: never) => string;
  readonly needsApproval: boolean | ((args: never, ctx: ToolContext<TContext>) => boolean | Promise<boolean>);
  readonly execute: (args: never, ctx: ToolContext<TContext>) => unknown | Promise<unknown>;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

interface SchemaConverters {
  toJSONSchema?: () => Record<string, unknown>;
  '~standard'?: { jsonSchema?: { input?: (o: { target: string }) => Record<string, unknown> } };
}

/** JSON Schema through the schema's own converter (so core bundles none). */
export function toJsonSchema(
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
    `tool '${name}': this schema cannot convert itself to JSON Schema (zod/mini?); pass jsonSchema: z.toJSONSchema(parameters), or for valibot wrap the schema in toStandardJsonSchema() from @valibot/to-json-schema`,
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
  if (options.errorFunction !== undefined && typeof options.errorFunction !== 'function')
    throw new ConfigError(
      'tool.errorFunction',
      `tool '${options.name}': errorFunction must be a function (error, ctx) => string`,
    );
  if (typeof options.execute !== 'function') {
    throw new ConfigError('tool.execute', `tool '${options.name}': execute must be a function`);
  }
  const std = (options.parameters as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.[
    '~standard'
  ];
  if (std?.version !== 1 || typeof std.validate !== 'function') {
    throw new ConfigError(
      'tool.parameters',
      `tool '${options.name}': parameters must be a Standard Schema object schema (zod, zod/mini, valibot, arktype), e.g. z.object({ city: z.string() })`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ConfigError(
      'tool.timeoutMs',
      `tool '${options.name}': timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
  const timeoutBehavior = options.timeoutBehavior ?? 'error_as_result';
  if (timeoutBehavior !== 'error_as_result' && timeoutBehavior !== 'raise')
    throw new ConfigError(
      'tool.timeoutBehavior',
      `tool '${options.name}': timeoutBehavior must be 'error_as_result' or 'raise', got ${JSON.stringify(timeoutBehavior)}`,
    );
  const { $schema: _ignored, ...jsonSchema } = toJsonSchema(
    options.name,
    options.parameters,
    options.jsonSchema,
  );
  if (jsonSchema.type !== 'object') {
    throw new ConfigError(
      'tool.parameters',
      `tool '${options.name}': parameters must describe an object (JSON Schema type 'object'), got ${JSON.stringify(jsonSchema.type ?? null)}; wrap the arguments in an object schema`,
    );
  }
  return Object.freeze({
    kind: 'function' as const,
    name: options.name,
    description: options.description ?? '',
    parameters: options.parameters,
    jsonSchema,
    timeoutMs,
    timeoutBehavior,
    isEnabled: checkIsEnabled(options.isEnabled, `tool '${options.name}'`),
    errorFunction: options.errorFunction as FunctionTool<TContext>['errorFunction'],
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
