/**
 * `RealtimeRunner` options: the seed's options in camelCase, validated once at construction.
 * @module
 */
import * as z from 'zod/mini';
import { ConfigError, type ToolError } from './errors.js';
import { VOICES, type Voice } from './protocol/session-config.js';
import type { OutputGuardrail } from './guardrail.js';
import { type GuardrailRetryPolicy, guardrailRetryLimit } from './guardrail-retry.js';
import { checkReconnect } from './reconnect-option.js';
import type { ReconnectPolicy } from './reconnect-policy.js';
import type { ReseedLimits } from './reseed.js';
import { passthroughSchema, type SessionPassthroughOptions } from './session-passthrough.js';
import type { Transport } from './transport.js';
import { describeIssue, show } from './validation.js';

/** Legacy (seed) audio format names, mapped to GA format objects. */
export type AudioFormatName = 'pcm16' | 'g711_ulaw' | 'g711_alaw';

export type TurnDetectionOption =
  | {
      type: 'server_vad';
      /** 0–1; higher needs louder audio to count as speech. @default 0.5 */
      threshold?: number;
      prefixPaddingMs?: number;
      silenceDurationMs?: number;
      /** 5000–30000, or null. */
      idleTimeoutMs?: number | null;
      createResponse?: boolean;
      interruptResponse?: boolean;
    }
  | {
      type: 'semantic_vad';
      eagerness?: 'low' | 'medium' | 'high' | 'auto';
      createResponse?: boolean;
      interruptResponse?: boolean;
    }
  | null;

/** Options of `new RealtimeRunner(options)`. Every field is optional. */
export interface RealtimeRunnerOptions extends SessionPassthroughOptions {
  /** @default 'gpt-realtime' */
  model?: string;
  /** A GA voice (alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar) or `{ id }`. */
  voice?: Voice;
  /** `['text','audio']` (default; audio with transcript), `['audio']` or `['text']`. */
  modalities?: ('text' | 'audio')[];
  /** @default 'pcm16' */
  inputAudioFormat?: AudioFormatName;
  /** @default 'pcm16' */
  outputAudioFormat?: AudioFormatName;
  /** Server or semantic VAD; `null` = push-to-talk (you commit and request responses). */
  turnDetection?: TurnDetectionOption;
  inputAudioTranscription?: { model: string; language?: string; prompt?: string } | null;
  noiseReduction?: 'near_field' | 'far_field' | null;
  /** 0.25–1.5. @default 1 */
  speed?: number;
  toolChoice?: 'auto' | 'none' | 'required' | { type: 'function'; name: string };
  /** 1–4096 or 'inf'. */
  maxOutputTokens?: number | 'inf';
  guardrails?: {
    /** Run output guardrails every N characters. @default 100 */
    debounceTextLength?: number;
    /**
     * After a trip, whether (and after how many ms) to ask the model for a corrected answer.
     * @default guardrailRetryLimit(2) — at most 2 corrective requests per user turn
     */
    retryPolicy?: GuardrailRetryPolicy;
    /** Output guardrails for every agent of the session, checked before each agent's own. */
    // biome-ignore lint/suspicious/noExplicitAny: guardrails of any context type
    outputGuardrails?: OutputGuardrail<any>[];
  };
  apiKey?: string;
  baseUrl?: string;
  extraHeaders?: Record<string, string>;
  /** The transport, e.g. `webrtcTransport(...)` or `websocketTransport(...)`. */
  transport?: Transport;
  /**
   * What to do when the connection drops unexpectedly: a policy asked before each attempt, or `false`
   * to end the session (the behaviour before reconnects existed). @default exponentialBackoff()
   */
  reconnect?: ReconnectPolicy | false;
  /** How much of the conversation a reconnect replays into the new connection. @default { maxItems: 50, maxChars: 20000 } */
  reseed?: ReseedLimits;
  /**
   * Open a fresh connection (same agent, conversation re-seeded) once a connection is this old, at
   * the next moment nobody speaks: the API ends sessions after 60 minutes. `false` = never.
   * @default { afterMs: 3300000 } (55 minutes)
   */
  rollover?: { afterMs?: number } | false;
  /** `sendAudio()` audio kept while reconnecting and sent after it (oldest dropped beyond). @default 5000 */
  reconnectAudioBufferMs?: number;
  /**
   * The text the model reads when any tool without its own `errorFunction` fails; return
   * `undefined` to keep the kit's text.
   * @example toolErrorFormatter: (e) => `Sorry, ${e.toolName} is unavailable right now.`
   */
  toolErrorFormatter?: (error: ToolError) => string | undefined;
  /**
   * Keep the audio of spoken messages in `session.history` (base64 in the content part's `audio`,
   * in the session's format), fetched with `conversation.item.retrieve` once each item is final.
   * Off by default: an hour of PCM16 is ~170 MB.
   * @default false
   */
  historyStoreAudio?: boolean;
}

/** Options after validation, with defaults applied. */
export interface ResolvedRunnerOptions extends RealtimeRunnerOptions {
  model: string;
  modalities: ('text' | 'audio')[];
  guardrails: {
    debounceTextLength: number;
    retryPolicy: GuardrailRetryPolicy;
    // biome-ignore lint/suspicious/noExplicitAny: guardrails of any context type
    outputGuardrails: OutputGuardrail<any>[];
  };
  /** `undefined`: the default `exponentialBackoff()`, made when a drop first needs it. */
  reconnect: ReconnectPolicy | false | undefined;
  reseed: Required<ReseedLimits>;
  rollover: { afterMs: number } | false;
  reconnectAudioBufferMs: number;
}

// Bundle size: the cheapest zod pieces that give the same checks and messages — `multipleOf(1)`
// for whole numbers (not `int()`, which pulls in zod's number formats), one-value `enum` for
// literals, and a custom check for string records (not `record()`).
const formatName = z.enum(['pcm16', 'g711_ulaw', 'g711_alaw']);
const whole = z.multipleOf(1);
const ms = z.number().check(whole, z.minimum(0), z.maximum(60_000));

/** `Record<string, string>` as a zod check, with zod's own issue for the first non-string value. */
const stringRecord = z.unknown().check((ctx) => {
  const v = ctx.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.issues.push({ code: 'invalid_type', expected: 'record', input: v, path: [] } as never);
    return;
  }
  for (const [key, value] of Object.entries(v)) {
    if (typeof value !== 'string') {
      ctx.issues.push({ code: 'invalid_type', expected: 'string', input: value, path: [key] } as never);
      return;
    }
  }
});

const serverVad = z.strictObject({
  type: z.enum(['server_vad']),
  threshold: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
  prefixPaddingMs: z.optional(ms),
  silenceDurationMs: z.optional(ms),
  idleTimeoutMs: z.optional(z.nullable(z.number().check(whole, z.minimum(5000), z.maximum(30_000)))),
  createResponse: z.optional(z.boolean()),
  interruptResponse: z.optional(z.boolean()),
});
const semanticVad = z.strictObject({
  type: z.enum(['semantic_vad']),
  eagerness: z.optional(z.enum(['low', 'medium', 'high', 'auto'])),
  createResponse: z.optional(z.boolean()),
  interruptResponse: z.optional(z.boolean()),
});

const schema = z.strictObject({
  model: z.optional(z.string().check(z.minLength(1))),
  voice: z.optional(z.unknown()),
  modalities: z.optional(z.unknown()),
  inputAudioFormat: z.optional(formatName),
  outputAudioFormat: z.optional(formatName),
  turnDetection: z.optional(z.unknown()),
  inputAudioTranscription: z.optional(
    z.nullable(
      z.strictObject({
        model: z.string().check(z.minLength(1)),
        language: z.optional(z.string().check(z.regex(/^[a-z]{2}$/))),
        prompt: z.optional(z.string()),
      }),
    ),
  ),
  noiseReduction: z.optional(z.nullable(z.enum(['near_field', 'far_field']))),
  speed: z.optional(z.number().check(z.minimum(0.25), z.maximum(1.5))),
  toolChoice: z.optional(
    z.union([
      z.enum(['auto', 'none', 'required']),
      z.strictObject({ type: z.enum(['function']), name: z.string() }),
    ]),
  ),
  maxOutputTokens: z.optional(
    z.union([z.enum(['inf']), z.number().check(whole, z.minimum(1), z.maximum(4096))]),
  ),
  guardrails: z.optional(
    z.strictObject({
      debounceTextLength: z.optional(z.number().check(whole, z.minimum(1))),
      retryPolicy: z.optional(z.unknown()),
      outputGuardrails: z.optional(z.unknown()),
    }),
  ),
  apiKey: z.optional(z.string().check(z.minLength(1))),
  baseUrl: z.optional(z.string().check(z.regex(/^(https?|wss?):\/\//))),
  extraHeaders: z.optional(stringRecord),
  transport: z.optional(z.unknown()),
  reconnect: z.optional(z.unknown()),
  reseed: z.optional(
    z.strictObject({
      maxItems: z.optional(z.number().check(whole, z.minimum(0))),
      maxChars: z.optional(z.number().check(whole, z.minimum(0))),
    }),
  ),
  rollover: z.optional(
    z.union([
      z.literal(false),
      z.strictObject({ afterMs: z.optional(z.number().check(whole, z.minimum(1000))) }),
    ]),
  ),
  reconnectAudioBufferMs: z.optional(z.number().check(whole, z.minimum(0), z.maximum(60_000))),
  toolErrorFormatter: z.optional(z.unknown()),
  historyStoreAudio: z.optional(z.boolean()),
  ...passthroughSchema,
});

/** What an option that takes one of several shapes accepts, for the error when none matched. */
const UNION_SHAPES: Record<string, string> = {
  toolChoice: "'auto', 'none', 'required' or { type: 'function', name }",
  maxOutputTokens: "a whole number 1–4096 or 'inf'",
  rollover: 'false or { afterMs } (≥ 1000)',
  truncation:
    "'auto', 'disabled' or { type: 'retention_ratio', retentionRatio: 0–1, tokenLimits?: { postInstructions } }",
  tracing: "'auto', null or { workflowName?, groupId?, metadata? }",
};

/** Session fields the kit sends itself: `providerData` may not replace them (each has its option). */
const OWNED_FIELDS: Record<string, string> = {
  type: 'none (always "realtime")',
  model: 'model',
  instructions: "the agent's instructions",
  output_modalities: 'modalities',
  audio:
    'inputAudioFormat, outputAudioFormat, voice, speed, turnDetection, inputAudioTranscription, noiseReduction',
  tools: "the agent's tools and handoffs",
  tool_choice: 'toolChoice',
  max_output_tokens: 'maxOutputTokens',
  reasoning: 'reasoning',
  truncation: 'truncation',
  prompt: 'prompt',
  tracing: 'tracing',
  include: 'include',
};

const SNAKE_HINTS: Record<string, string> = {
  input_audio_format: 'inputAudioFormat',
  output_audio_format: 'outputAudioFormat',
  turn_detection: 'turnDetection',
  input_audio_transcription: 'inputAudioTranscription',
  api_key: 'apiKey',
  base_url: 'baseUrl',
  extra_headers: 'extraHeaders',
  max_output_tokens: 'maxOutputTokens',
  tool_choice: 'toolChoice',
  noise_reduction: 'noiseReduction',
  provider_data: 'providerData',
};

const ALL_OPTIONS = Object.keys(schema.shape).join(', ');

function fail(option: string, text: string): never {
  throw new ConfigError(option, `Invalid RealtimeRunner option ${text}`);
}

function checkVoice(voice: unknown): void {
  if (voice === undefined) return;
  if (typeof voice === 'object' && voice !== null && typeof (voice as { id?: unknown }).id === 'string')
    return;
  if (typeof voice === 'string' && (VOICES as readonly string[]).includes(voice)) return;
  const legacy = ['fable', 'onyx', 'nova'].includes(String(voice))
    ? ' (fable, onyx and nova are not available on the GA Realtime API)'
    : '';
  fail(
    'voice',
    `voice: got ${show(voice)}${legacy}; use one of ${VOICES.join(', ')}, or { id: 'voice_…' } for a custom voice`,
  );
}

function checkModalities(m: unknown): void {
  if (m === undefined) return;
  const ok =
    Array.isArray(m) &&
    m.length > 0 &&
    m.length <= 2 &&
    new Set(m).size === m.length &&
    m.every((x) => x === 'text' || x === 'audio');
  if (!ok) fail('modalities', `modalities: got ${show(m)}; use ['text', 'audio'], ['audio'] or ['text']`);
}

function checkTurnDetection(td: unknown): void {
  if (td === undefined || td === null) return;
  const type = (td as { type?: unknown })?.type;
  const s = type === 'server_vad' ? serverVad : type === 'semantic_vad' ? semanticVad : null;
  if (!s) {
    fail(
      'turnDetection',
      `turnDetection.type: got ${show(type)}; use 'server_vad', 'semantic_vad', or turnDetection: null for push-to-talk`,
    );
  }
  const r = z.safeParse(s, td);
  if (!r.success) {
    const d = describeIssue(r.error.issues[0] as never, td, 'turnDetection');
    fail(d.path, d.text);
  }
}

/**
 * Validate runner options and apply defaults. Throws one `ConfigError` naming the option, the
 * value and what is allowed.
 * @example
 * resolveRunnerOptions({ voice: 'nova' }) // throws ConfigError: Invalid RealtimeRunner option voice: got 'nova' …
 */
export function resolveRunnerOptions(options: RealtimeRunnerOptions = {}): ResolvedRunnerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options', `RealtimeRunner options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key in SNAKE_HINTS) fail(key, `${key}: options are camelCase here; use ${SNAKE_HINTS[key]}`);
    if (!(key in schema.shape)) fail(key, `${key}: unknown option; known options are ${ALL_OPTIONS}`);
  }
  checkVoice(options.voice);
  checkModalities(options.modalities);
  checkTurnDetection(options.turnDetection);
  const r = z.safeParse(schema, options);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const d = describeIssue(issue as never, options);
    const shapes = issue.code === 'invalid_union' ? UNION_SHAPES[d.path] : undefined;
    const given = (options as Record<string, unknown>)[d.path];
    fail(d.path, shapes ? `${d.path}: got ${show(given)}; use ${shapes}` : d.text);
  }
  for (const key of Object.keys(options.providerData ?? {})) {
    if (key in OWNED_FIELDS)
      fail(
        `providerData.${key}`,
        `providerData.${key}: the kit sends '${key}' itself; use ${OWNED_FIELDS[key]} instead (providerData is for session fields the kit does not type yet)`,
      );
  }
  const t = options.transport as Partial<Transport> | undefined;
  if (
    t !== undefined &&
    (typeof t !== 'object' || typeof t.connect !== 'function' || typeof t.send !== 'function')
  ) {
    fail(
      'transport',
      'transport: expected a Transport (webrtcTransport(...), websocketTransport(...) or a ScriptedTransport)',
    );
  }
  if (options.toolErrorFormatter !== undefined && typeof options.toolErrorFormatter !== 'function')
    fail(
      'toolErrorFormatter',
      `toolErrorFormatter: expected a function (error) => string | undefined, got ${typeof options.toolErrorFormatter}`,
    );
  const guards = options.guardrails?.outputGuardrails;
  if (
    guards !== undefined &&
    !(
      Array.isArray(guards) &&
      guards.every((g) => typeof g?.name === 'string' && typeof g.execute === 'function')
    )
  )
    fail(
      'guardrails.outputGuardrails',
      'guardrails.outputGuardrails: expected an array of outputGuardrail(...) values ({ name, execute })',
    );
  const reconnect = checkReconnect(options.reconnect);
  const retryPolicy = options.guardrails?.retryPolicy;
  if (retryPolicy !== undefined && typeof retryPolicy !== 'function')
    fail(
      'guardrails.retryPolicy',
      `guardrails.retryPolicy: expected a function ({ attempt, guardrail, agent, output }) => delay in ms | null, got ${typeof retryPolicy}`,
    );
  return {
    ...options,
    reconnect,
    reseed: { maxItems: options.reseed?.maxItems ?? 50, maxChars: options.reseed?.maxChars ?? 20_000 },
    rollover: options.rollover === false ? false : { afterMs: options.rollover?.afterMs ?? 55 * 60_000 },
    reconnectAudioBufferMs: options.reconnectAudioBufferMs ?? 5000,
    model: options.model ?? 'gpt-realtime',
    modalities: options.modalities ?? ['text', 'audio'],
    guardrails: {
      debounceTextLength: options.guardrails?.debounceTextLength ?? 100,
      retryPolicy: retryPolicy ?? guardrailRetryLimit(2),
      outputGuardrails: guards ?? [],
    },
  };
}
