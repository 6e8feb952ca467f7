/**
 * `runner.prepare()`: the transport's connection work done before the click. The session config is
 * built here exactly as the session will build it at connect (same agent, same context, no history
 * yet), so a transport that confirms it ahead of time has nothing left to send when it is adopted.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import type { RunContext } from './context.js';
import { ConfigError } from './errors.js';
import { buildSessionConfig } from './ga-config.js';
import { prefetchReconnector } from './lazy-reconnector.js';
import type { ResolvedRunnerOptions } from './options.js';
import type { SessionConfig } from './protocol/session-config.js';
import { redactError } from './redact.js';
import { enabledToolNames } from './tool-enabled.js';
import type { Transport } from './transport.js';

/** Default of {@link PrepareOptions.idleTimeoutMs}: one minute, far below a client secret's 10. */
export const PREPARE_IDLE_TIMEOUT_MS = 60_000;

/**
 * Options of `runner.prepare(agent, options)`.
 * @example
 * void runner.prepare(agent, { context: { userId }, idleTimeoutMs: 30_000 });
 */
export interface PrepareOptions<TContext> {
  /** The `context` the session will get (dynamic instructions and `isEnabled` see it). */
  context?: TContext;
  /** Prepare this transport instead of the runner's (pass the same one to `runner.session`). */
  transport?: Transport;
  /**
   * Close the prepared connection if no session adopted it within this many ms; the next session
   * then connects as if nothing was prepared (call `prepare` again to prepare anew). Keep it well
   * below the client secret's lifetime. @default 60000
   */
  idleTimeoutMs?: number;
}

/** The session config for `agent` as a fresh session computes it (instructions, enabled tools, voice). */
async function freshSessionConfig<TContext>(
  options: ResolvedRunnerOptions,
  agent: RealtimeAgent<TContext>,
  context: TContext,
): Promise<SessionConfig> {
  const ctx: RunContext<TContext> = { context, agent, history: [] };
  const [instructions, enabled] = await Promise.all([
    agent.resolveInstructions(ctx),
    // an isEnabled that throws is reported by the session at connect; here the tool is left out
    enabledToolNames(agent, ctx as RunContext<unknown>, () => undefined),
  ]);
  return buildSessionConfig({ options, agent, instructions, enabled });
}

/**
 * Prepare the transport for the next `runner.session(agent)`. Resolves at once for transports
 * without a `prepare` (nothing to do ahead of time). The returned promise is already handled, so
 * `void prepareTransport(…)` never reports an unhandled rejection.
 * @example
 * await prepareTransport(runner.options, agent, { idleTimeoutMs: 30_000 });
 */
export function prepareTransport<TContext>(
  options: ResolvedRunnerOptions,
  agent: RealtimeAgent<TContext> | undefined,
  prep: PrepareOptions<TContext>,
): Promise<void> {
  const run = async () => {
    const transport = prep.transport ?? options.transport;
    if (!transport)
      throw new ConfigError('transport', 'runner.prepare(): no transport configured (see runner.session).');
    const idle = prep.idleTimeoutMs ?? PREPARE_IDLE_TIMEOUT_MS;
    if (!(typeof idle === 'number' && idle > 0 && idle <= 3_600_000))
      throw new ConfigError(
        'idleTimeoutMs',
        `runner.prepare(): idleTimeoutMs must be in (0, 3600000] ms, got ${String(idle)}`,
      );
    if (!transport.prepare) return;
    // the session waits (briefly) for the reconnect code as it connects: have it here by the click
    if (options.reconnect !== false) prefetchReconnector().catch(() => undefined);
    const session = agent && (await freshSessionConfig(options, agent, prep.context as TContext));
    const { model, apiKey, baseUrl, extraHeaders } = options;
    try {
      await transport.prepare({ session, model, apiKey, baseUrl, extraHeaders, idleTimeoutMs: idle });
    } catch (e) {
      throw redactError(e as Error);
    }
  };
  const p = run();
  p.catch(() => undefined);
  return p;
}
