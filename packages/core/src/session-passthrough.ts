/**
 * The GA session fields that need no client behaviour, only a name and a check: `reasoning`,
 * `truncation`, `prompt`, `tracing`, `include`, and `providerData` for what the API adds later.
 * Options are camelCase like every runner option and are sent snake_case in `session.update`.
 * @module
 */
import * as z from 'zod/mini';
import type { SessionConfig } from './protocol/session-config.js';

/** A stored prompt (`prompt` in the API): its id, optional version and template variables. */
export interface PromptReference {
  id: string;
  version?: string;
  variables?: Record<string, unknown>;
}

/** Session fields passed to the API as given (validated here, meaning defined by the API). */
export interface SessionPassthroughOptions {
  /** Reasoning effort, for reasoning models only (`gpt-realtime-2…`; `gpt-realtime` rejects it). */
  reasoning?: { effort: 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' };
  /** How the server trims a conversation longer than the context window. @default 'auto' (server) */
  truncation?:
    | 'auto'
    | 'disabled'
    | { type: 'retention_ratio'; retentionRatio: number; tokenLimits?: { postInstructions: number } };
  /** A stored prompt; explicit options override what it sets. An agent's own `prompt` wins. */
  prompt?: PromptReference | null;
  /** Traces in the OpenAI dashboard: `'auto'`, names and metadata, or `null` (off). Once on, it stays on. */
  tracing?: 'auto' | { workflowName?: string; groupId?: string; metadata?: Record<string, unknown> } | null;
  /** Extra data in events, e.g. `['item.input_audio_transcription.logprobs']`. */
  include?: 'item.input_audio_transcription.logprobs'[] | null;
  /**
   * Raw top-level session fields, sent as written (snake_case) after everything else, for API
   * fields this kit does not type yet. The API, not the kit, checks them.
   * @example providerData: { parallel_tool_calls: false }
   */
  providerData?: Record<string, unknown>;
}

/** A plain object (any values), checked the way zod reports a wrong type. */
const plainObject = z.unknown().check((ctx) => {
  const v = ctx.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    ctx.issues.push({ code: 'invalid_type', expected: 'object', input: v, path: [] } as never);
});

const prompt = z.strictObject({
  id: z.string().check(z.minLength(1)),
  version: z.optional(z.string()),
  variables: z.optional(plainObject),
});

/** zod checks of the passthrough options, spread into the runner's options schema. */
export const passthroughSchema = {
  reasoning: z.optional(z.strictObject({ effort: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']) })),
  truncation: z.optional(
    z.union([
      z.enum(['auto', 'disabled']),
      z.strictObject({
        type: z.enum(['retention_ratio']),
        retentionRatio: z.number().check(z.minimum(0), z.maximum(1)),
        tokenLimits: z.optional(
          z.strictObject({ postInstructions: z.number().check(z.multipleOf(1), z.minimum(1)) }),
        ),
      }),
    ]),
  ),
  prompt: z.optional(z.nullable(prompt)),
  tracing: z.optional(
    z.nullable(
      z.union([
        z.enum(['auto']),
        z.strictObject({
          workflowName: z.optional(z.string()),
          groupId: z.optional(z.string()),
          metadata: z.optional(plainObject),
        }),
      ]),
    ),
  ),
  include: z.optional(z.nullable(z.array(z.enum(['item.input_audio_transcription.logprobs'])))),
  providerData: z.optional(plainObject),
};

/** The agent's prompt schema (`new RealtimeAgent({ prompt })`). */
export const promptSchema = z.nullable(prompt);

function wirePrompt(p: PromptReference | null): SessionConfig['prompt'] {
  return (
    p && {
      id: p.id,
      ...(p.version && { version: p.version }),
      ...(p.variables && { variables: p.variables }),
    }
  );
}

/**
 * The session fields these options set, snake_case; `agentPrompt` (when defined) replaces the runner's.
 * @example
 * passthroughConfig({ truncation: { type: 'retention_ratio', retentionRatio: 0.8 } })
 * // → { truncation: { type: 'retention_ratio', retention_ratio: 0.8 } }
 */
export function passthroughConfig(
  o: SessionPassthroughOptions,
  agentPrompt?: PromptReference | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o.reasoning) out.reasoning = { effort: o.reasoning.effort };
  const t = o.truncation;
  if (t !== undefined)
    out.truncation =
      typeof t === 'string'
        ? t
        : {
            type: t.type,
            retention_ratio: t.retentionRatio,
            ...(t.tokenLimits && { token_limits: { post_instructions: t.tokenLimits.postInstructions } }),
          };
  const p = agentPrompt !== undefined ? agentPrompt : o.prompt;
  if (p !== undefined) out.prompt = wirePrompt(p);
  const tr = o.tracing;
  if (tr !== undefined)
    out.tracing =
      tr === null || tr === 'auto'
        ? tr
        : {
            ...(tr.workflowName !== undefined && { workflow_name: tr.workflowName }),
            ...(tr.groupId !== undefined && { group_id: tr.groupId }),
            ...(tr.metadata !== undefined && { metadata: tr.metadata }),
          };
  if (o.include !== undefined) out.include = o.include;
  return Object.assign(out, o.providerData);
}
