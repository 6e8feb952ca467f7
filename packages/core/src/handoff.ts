/**
 * Handoffs: a tool the model calls to transfer the conversation to another agent.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';
import { ConfigError } from './errors.js';
import { type ToolArgs, type ToolParameters, toJsonSchema } from './tool.js';
import { checkIsEnabled, type IsEnabled } from './tool-enabled.js';

export interface HandoffOptions<TContext = unknown, P extends ToolParameters | undefined = undefined> {
  /** @default `transfer_to_<snake_case agent name>` */
  toolName?: string;
  /** @default from the agent's handoffDescription */
  description?: string;
  /**
   * What the model passes along with the handoff (a Standard Schema object schema, like a tool's
   * `parameters`): validated before the switch, given to `onHandoff`.
   * @example inputType: z.object({ reason: z.string() })
   */
  inputType?: P;
  /** Called when the model hands off, before the session switches agent (with the validated input). */
  onHandoff?: (
    ctx: RunContext<TContext>,
    input: P extends ToolParameters ? ToolArgs<P> : undefined,
  ) => void | Promise<void>;
  /** Offer the handoff only when true (checked whenever the session config is sent). @default true */
  isEnabled?: IsEnabled<TContext>;
}

/** A transfer to another agent, exposed to the model as a parameterless tool. */
export interface Handoff<TContext = unknown> {
  readonly kind: 'handoff';
  readonly agent: RealtimeAgent<TContext>;
  readonly toolName: string;
  readonly description: string;
  readonly jsonSchema: Record<string, unknown>;
  readonly inputType?: ToolParameters;
  readonly onHandoff?: (ctx: RunContext<TContext>, input: never) => void | Promise<void>;
  readonly isEnabled?: boolean | ((ctx: never) => boolean | Promise<boolean>);
}

/** `My Agent` → `my_agent`, `SpanishAgent` → `spanish_agent`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** The handoff tool's JSON Schema from its `inputType` (any Standard Schema object schema). */
function inputSchema(toolName: string, inputType: ToolParameters): Record<string, unknown> {
  const std = (inputType as { '~standard'?: { validate?: unknown } })['~standard'];
  if (typeof std?.validate !== 'function')
    throw new ConfigError(
      'handoff.inputType',
      `handoff '${toolName}': inputType must be a Standard Schema object schema, e.g. z.object({ reason: z.string() })`,
    );
  const { $schema: _ignored, ...schema } = toJsonSchema(toolName, inputType);
  if (schema.type !== 'object')
    throw new ConfigError(
      'handoff.inputType',
      `handoff '${toolName}': inputType must describe an object, got ${JSON.stringify(schema.type ?? null)}`,
    );
  return schema;
}

/**
 * Let an agent transfer the conversation to `agent`.
 * @example
 * const english = new RealtimeAgent({ name: 'English', handoffs: [realtimeHandoff(spanish)] });
 */
export function realtimeHandoff<TContext = unknown, P extends ToolParameters | undefined = undefined>(
  agent: RealtimeAgent<TContext>,
  options: HandoffOptions<TContext, P> = {},
): Handoff<TContext> {
  const toolName = options.toolName ?? `transfer_to_${snakeCase(agent.name)}`;
  const description =
    options.description ??
    `Hand off to the ${agent.name} agent to continue the conversation.${agent.handoffDescription ? ` ${agent.handoffDescription}` : ''}`;
  return Object.freeze({
    kind: 'handoff' as const,
    agent,
    toolName,
    description,
    jsonSchema: options.inputType
      ? inputSchema(toolName, options.inputType)
      : { type: 'object', properties: {}, required: [], additionalProperties: false },
    inputType: options.inputType,
    onHandoff: options.onHandoff as Handoff<TContext>['onHandoff'],
    isEnabled: checkIsEnabled(options.isEnabled, `handoff '${toolName}'`),
  });
}

/** True when `x` is a handoff (not a bare agent). */
export function isHandoff<TContext>(x: unknown): x is Handoff<TContext> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'handoff';
}
