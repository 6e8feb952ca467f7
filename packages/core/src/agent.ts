/**
 * `RealtimeAgent`: instructions, tools, handoffs and output guardrails for one voice persona.
 * @module
 */
import * as z from 'zod/mini';
import type { RunContext } from './context.js';
import { ConfigError } from './errors.js';
import type { OutputGuardrail } from './guardrail.js';
import { type Handoff, isHandoff, realtimeHandoff } from './handoff.js';
import { type HostedMcpTool, isHostedMcpTool } from './hosted-mcp-tool.js';
import type { Voice } from './protocol/session-config.js';
import { type PromptReference, promptSchema } from './session-passthrough.js';
import type { FunctionTool } from './tool.js';

export interface RealtimeAgentOptions<TContext = unknown> {
  name: string;
  /** A string, or a function of the context and agent (called at each session update). */
  instructions?:
    | string
    | ((ctx: RunContext<TContext>, agent: RealtimeAgent<TContext>) => string | Promise<string>);
  /** Function tools, and remote MCP servers made with `hostedMcpTool`. */
  tools?: (FunctionTool<TContext> | HostedMcpTool)[];
  /** Agents (wrapped with `realtimeHandoff`) or handoffs this agent may transfer to. */
  handoffs?: (RealtimeAgent<TContext> | Handoff<TContext>)[];
  outputGuardrails?: OutputGuardrail<TContext>[];
  /** Shown to other agents' models in the handoff tool's description. */
  handoffDescription?: string;
  /** Voice for this agent; applied only before any audio was produced in the session. */
  voice?: Voice;
  /**
   * A stored prompt for this agent, replacing the runner's `prompt` while it is the current agent
   * (`null`: none, even if the runner has one).
   */
  prompt?: PromptReference | null;
}

/**
 * A voice agent.
 * @example
 * const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Greet the user warmly.', tools: [getWeather] });
 */
export class RealtimeAgent<TContext = unknown> {
  readonly name: string;
  readonly instructions: RealtimeAgentOptions<TContext>['instructions'];
  readonly tools: readonly FunctionTool<TContext>[];
  /** The hosted MCP servers among `options.tools`, in order. */
  readonly mcpTools: readonly HostedMcpTool[];
  readonly handoffs: readonly Handoff<TContext>[];
  readonly outputGuardrails: readonly OutputGuardrail<TContext>[];
  readonly handoffDescription: string;
  readonly voice: Voice | undefined;
  readonly prompt: PromptReference | null | undefined;

  constructor(options: RealtimeAgentOptions<TContext>) {
    if (!options || typeof options.name !== 'string' || options.name.trim() === '') {
      throw new ConfigError(
        'agent.name',
        'RealtimeAgent needs a non-empty name, e.g. new RealtimeAgent({ name: "Greeter" })',
      );
    }
    const ins = options.instructions;
    if (ins !== undefined && typeof ins !== 'string' && typeof ins !== 'function') {
      throw new ConfigError(
        'agent.instructions',
        `agent '${options.name}': instructions must be a string or a function`,
      );
    }
    this.name = options.name;
    this.instructions = ins ?? '';
    const all = options.tools ?? [];
    this.tools = all.filter((t): t is FunctionTool<TContext> => !isHostedMcpTool(t));
    this.mcpTools = all.filter(isHostedMcpTool);
    this.handoffs = (options.handoffs ?? []).map((h) => (isHandoff<TContext>(h) ? h : realtimeHandoff(h)));
    this.outputGuardrails = [...(options.outputGuardrails ?? [])];
    this.handoffDescription = options.handoffDescription ?? '';
    this.voice = options.voice;
    if (options.prompt !== undefined && !z.safeParse(promptSchema, options.prompt).success) {
      throw new ConfigError(
        'agent.prompt',
        `agent '${this.name}': prompt must be { id: string, version?: string, variables?: object } or null, got ${JSON.stringify(options.prompt)}`,
      );
    }
    this.prompt = options.prompt;
    const names = new Set<string>();
    for (const t of [...this.tools.map((x) => x.name), ...this.handoffs.map((h) => h.toolName)]) {
      if (names.has(t)) {
        throw new ConfigError(
          'agent.tools',
          `agent '${this.name}' has two tools named '${t}'; tool and handoff names must be unique`,
        );
      }
      names.add(t);
    }
    const labels = new Set<string>();
    for (const m of this.mcpTools) {
      if (labels.has(m.serverLabel)) {
        throw new ConfigError(
          'agent.tools',
          `agent '${this.name}' has two MCP servers labelled '${m.serverLabel}'; server labels must be unique`,
        );
      }
      labels.add(m.serverLabel);
    }
  }

  /** The instructions for this context (resolves dynamic instructions). */
  async resolveInstructions(ctx: RunContext<TContext>): Promise<string> {
    return typeof this.instructions === 'function'
      ? await this.instructions(ctx, this)
      : (this.instructions ?? '');
  }

  /** A copy with some options changed. */
  clone(overrides: Partial<RealtimeAgentOptions<TContext>>): RealtimeAgent<TContext> {
    return new RealtimeAgent<TContext>({
      name: this.name,
      instructions: this.instructions,
      tools: [...this.tools, ...this.mcpTools],
      handoffs: [...this.handoffs],
      outputGuardrails: [...this.outputGuardrails],
      handoffDescription: this.handoffDescription,
      voice: this.voice,
      prompt: this.prompt,
      ...overrides,
    });
  }
}

/** An agent of any context type (used in events, where the context type is not known). */
// biome-ignore lint/suspicious/noExplicitAny: variance escape hatch for event payloads
export type AnyAgent = RealtimeAgent<any>;
