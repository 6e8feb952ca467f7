/**
 * `isEnabled` on tools and handoffs: which of an agent's tools the model is offered right now,
 * decided again each time the session config is built (connect, `updateAgent`, a handoff,
 * a reconnect).
 * @module
 */
import type { AnyAgent } from './agent.js';
import type { RunContext } from './context.js';
import { ConfigError, ToolError } from './errors.js';

/**
 * Whether a tool or handoff is offered: a boolean, or a function of the run context.
 * @example isEnabled: (ctx) => ctx.context.user.isAdmin
 */
// biome-ignore lint/suspicious/noExplicitAny: the context type is the tool's own
export type IsEnabled<TContext = any> = boolean | ((ctx: RunContext<TContext>) => boolean | Promise<boolean>);

/**
 * Check an `isEnabled` option (where: `tool 'x'` or `handoff 'y'`) and return it.
 * @example checkIsEnabled(options.isEnabled, "tool 'get_weather'")
 */
export function checkIsEnabled<T>(isEnabled: T, where: string): T {
  if (isEnabled !== undefined && typeof isEnabled !== 'boolean' && typeof isEnabled !== 'function')
    throw new ConfigError(
      'isEnabled',
      `${where}: isEnabled must be a boolean or a function of the context, got ${typeof isEnabled}`,
    );
  return isEnabled;
}

/**
 * The names of the agent's tools and handoffs that are enabled for this context. A predicate that
 * throws leaves its tool out and is reported through `onError`.
 * @example
 * const names = await enabledToolNames(agent, ctx, (e) => session.emitError(e));
 */
export async function enabledToolNames(
  agent: AnyAgent,
  ctx: RunContext<unknown>,
  onError: (error: Error) => void,
): Promise<Set<string>> {
  const entries = [
    ...agent.tools.map((t) => [t.name, t.isEnabled] as const),
    ...agent.handoffs.map((h) => [h.toolName, h.isEnabled] as const),
  ];
  const results = await Promise.all(
    entries.map(async ([name, isEnabled]) => {
      if (isEnabled === undefined || isEnabled === true) return name;
      if (isEnabled === false) return null;
      try {
        return (await isEnabled(ctx as never)) ? name : null;
      } catch (e) {
        onError(
          new ToolError(
            'is_enabled_failed',
            name,
            '',
            `isEnabled of '${name}' threw, so it is not offered: ${(e as Error)?.message ?? e}`,
            { cause: e },
          ),
        );
        return null;
      }
    }),
  );
  return new Set(results.filter((n): n is string => n !== null));
}
