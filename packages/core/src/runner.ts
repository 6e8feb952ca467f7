/**
 * `RealtimeRunner`: validated options + a transport; makes sessions for agents.
 * @module
 */
import type { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { type RealtimeRunnerOptions, type ResolvedRunnerOptions, resolveRunnerOptions } from './options.js';
import { RealtimeSession } from './session.js';
import type { Transport } from './transport.js';

export interface SessionOptions<TContext> {
  /** Your value, passed to tools, guardrails and dynamic instructions as `ctx.context`. */
  context?: TContext;
  /** Use this transport instead of the runner's (a transport serves one session at a time). */
  transport?: Transport;
  /**
   * Events kept for a `for await` loop that starts after connect, until the first loop attaches (oldest
   * dropped beyond this; `audio` and `raw` reach only live consumers). @default 1000
   */
  maxBufferedEvents?: number;
}

/**
 * Holds the session options (validated here, once) and opens sessions.
 * @example
 * const runner = new RealtimeRunner({ model: 'gpt-realtime', voice: 'marin', transport: websocketTransport() });
 * await using session = await runner.session(agent);
 */
export class RealtimeRunner {
  /** The options with defaults applied. */
  readonly options: ResolvedRunnerOptions;

  constructor(options: RealtimeRunnerOptions = {}) {
    this.options = resolveRunnerOptions(options);
  }

  /** Connect a new session for `agent`; resolves once the server confirmed the session config. */
  async session<TContext = unknown>(
    agent: RealtimeAgent<TContext>,
    options: SessionOptions<TContext> = {},
  ): Promise<RealtimeSession<TContext>> {
    const transport = options.transport ?? this.options.transport;
    if (!transport) {
      throw new ConfigError(
        'transport',
        'No transport configured: pass transport: webrtcTransport(...) (from @realtime-agents/webrtc) or websocketTransport(...) (from @realtime-agents/websocket) to the RealtimeRunner or to runner.session()',
      );
    }
    const session = new RealtimeSession<TContext>({
      options: this.options,
      agent,
      transport,
      context: options.context,
      maxBufferedEvents: options.maxBufferedEvents,
    });
    await session.connect();
    return session;
  }
}
