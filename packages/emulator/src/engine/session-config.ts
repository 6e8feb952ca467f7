/**
 * The effective session object: server defaults (protocol §4.9) and `session.update` validation and
 * merging (§4.7). An invalid update throws a {@link RealtimeApiError} and changes nothing.
 * @module
 */
import { checkPassthrough } from './session-passthrough-check.js';
import type { SessionConfig } from '@realtime-agents/core';
import type { Session } from '@realtime-agents/core/protocol';
import { VOICES } from '@realtime-agents/core/protocol';
import { apiErrors } from './api-error.js';
import { checkMcpTool } from './mcp-config.js';

/** The persona text a fresh session reports, like the real server's default instructions. */
export const DEFAULT_INSTRUCTIONS =
  'You are a helpful, witty, and friendly AI running in a local Realtime API emulator. Keep answers short.';

/** A fresh session with the real server's defaults. */
export function defaultSession(id: string, model: string, expiresAt: number): Session {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id,
    model,
    output_modalities: ['audio'],
    instructions: DEFAULT_INSTRUCTIONS,
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
    expires_at: expiresAt,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: defaultServerVad(),
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1.0 },
    },
    include: null,
  };
}

function defaultServerVad() {
  return {
    type: 'server_vad' as const,
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 200,
    idle_timeout_ms: null,
    create_response: true,
    interrupt_response: true,
  };
}

const TOP_KEYS = new Set([
  'type',
  'model',
  'instructions',
  'output_modalities',
  'audio',
  'tools',
  'tool_choice',
  'max_output_tokens',
  'tracing',
  'truncation',
  'prompt',
  'include',
  'reasoning',
  'parallel_tool_calls',
  // server-added fields a client may echo back unchanged
  'object',
  'id',
  'expires_at',
]);
const SERVER_VAD_KEYS = new Set([
  'type',
  'threshold',
  'prefix_padding_ms',
  'silence_duration_ms',
  'idle_timeout_ms',
  'create_response',
  'interrupt_response',
  'model_version',
]);
const SEMANTIC_VAD_KEYS = new Set([
  'type',
  'eagerness',
  'create_response',
  'interrupt_response',
  'model_version',
]);
const TRANSCRIPTION_KEYS = new Set(['model', 'language', 'prompt', 'languages', 'keywords', 'delay']);
const FORMAT_TYPES = ['audio/pcm', 'audio/pcmu', 'audio/pcma'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(obj: Obj, allowed: Set<string>, prefix: string): void {
  for (const key of Object.keys(obj))
    if (!allowed.has(key)) throw apiErrors.unknownParameter(`${prefix}.${key}`);
}

function checkObj(v: unknown, param: string): asserts v is Obj {
  if (!isObj(v)) throw apiErrors.invalidType(param, 'an object', v);
}

function checkFormat(v: unknown, param: string): void {
  checkObj(v, param);
  checkKeys(v, new Set(['type', 'rate']), param);
  if (!FORMAT_TYPES.includes(v.type as string))
    throw apiErrors.invalidValue(`${param}.type`, v.type, FORMAT_TYPES);
  if (v.type === 'audio/pcm' && v.rate !== undefined && v.rate !== 24000)
    throw apiErrors.invalidValue(`${param}.rate`, v.rate, ['24000']);
}

function checkNumber(v: unknown, param: string, min: number, max: number): void {
  if (typeof v !== 'number' || Number.isNaN(v)) throw apiErrors.invalidType(param, 'a number', v);
  if (v < min || v > max) throw apiErrors.outOfRange(param, v, min, max);
}

function checkTurnDetection(v: unknown, param: string): void {
  if (v === null) return;
  checkObj(v, param);
  if (v.type === 'server_vad') {
    checkKeys(v, SERVER_VAD_KEYS, param);
    if (v.threshold !== undefined) checkNumber(v.threshold, `${param}.threshold`, 0, 1);
    if (v.prefix_padding_ms !== undefined)
      checkNumber(v.prefix_padding_ms, `${param}.prefix_padding_ms`, 0, 10_000);
    if (v.silence_duration_ms !== undefined)
      checkNumber(v.silence_duration_ms, `${param}.silence_duration_ms`, 0, 10_000);
    if (v.idle_timeout_ms !== undefined && v.idle_timeout_ms !== null)
      checkNumber(v.idle_timeout_ms, `${param}.idle_timeout_ms`, 5000, 30_000);
  } else if (v.type === 'semantic_vad') {
    checkKeys(v, SEMANTIC_VAD_KEYS, param);
    const eager = ['low', 'medium', 'high', 'auto'];
    if (v.eagerness !== undefined && !eager.includes(v.eagerness as string))
      throw apiErrors.invalidValue(`${param}.eagerness`, v.eagerness, eager);
  } else {
    throw apiErrors.invalidValue(`${param}.type`, v.type, ['server_vad', 'semantic_vad']);
  }
  for (const key of ['create_response', 'interrupt_response'])
    if (v[key] !== undefined && typeof v[key] !== 'boolean')
      throw apiErrors.invalidType(`${param}.${key}`, 'a boolean', v[key]);
}

function checkTools(v: unknown, param: string): void {
  if (!Array.isArray(v)) throw apiErrors.invalidType(param, 'an array', v);
  v.forEach((tool, i) => {
    const p = `${param}[${i}]`;
    checkObj(tool, p);
    if (tool.type !== 'function' && tool.type !== 'mcp')
      throw apiErrors.invalidValue(`${p}.type`, tool.type, ['function', 'mcp']);
    if (tool.type === 'function') {
      checkKeys(tool, new Set(['type', 'name', 'description', 'parameters']), p);
      if (typeof tool.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name))
        throw apiErrors.invalidValue(`${p}.name`, tool.name);
    } else checkMcpTool(tool, p);
  });
}

/** Validate a client `session` object against the current state; throws on the first problem. */
export function validateSessionConfig(
  update: unknown,
  current: Session,
  voiceLocked: boolean,
): SessionConfig {
  if (!isObj(update)) throw apiErrors.invalidType('session', 'an object', update);
  if (update.type === undefined) throw apiErrors.missingParameter('session.type');
  if (update.type === 'transcription') throw apiErrors.transcriptionUpdate();
  if (update.type !== 'realtime')
    throw apiErrors.invalidValue('session.type', update.type, ['realtime', 'transcription']);
  checkKeys(update, TOP_KEYS, 'session');
  checkPassthrough(update, current.model);
  if (update.instructions !== undefined && typeof update.instructions !== 'string')
    throw apiErrors.invalidType('session.instructions', 'a string', update.instructions);
  if (update.output_modalities !== undefined) {
    const m = update.output_modalities;
    if (!Array.isArray(m) || m.length !== 1 || (m[0] !== 'audio' && m[0] !== 'text'))
      throw apiErrors.invalidValue('session.output_modalities', JSON.stringify(m), ['["audio"]', '["text"]']);
  }
  if (update.max_output_tokens !== undefined && update.max_output_tokens !== 'inf')
    checkNumber(update.max_output_tokens, 'session.max_output_tokens', 1, 4096);
  if (update.tools !== undefined) checkTools(update.tools, 'session.tools');
  if (update.tool_choice !== undefined) {
    const tc = update.tool_choice;
    if (
      !(typeof tc === 'string'
        ? ['auto', 'none', 'required'].includes(tc)
        : isObj(tc) && typeof tc.type === 'string')
    )
      throw apiErrors.invalidValue('session.tool_choice', JSON.stringify(tc), ['auto', 'none', 'required']);
  }
  if (update.audio !== undefined) {
    checkObj(update.audio, 'session.audio');
    checkKeys(update.audio, new Set(['input', 'output']), 'session.audio');
    const input = update.audio.input;
    if (input !== undefined) {
      checkObj(input, 'session.audio.input');
      checkKeys(
        input,
        new Set(['format', 'noise_reduction', 'transcription', 'turn_detection']),
        'session.audio.input',
      );
      if (input.format !== undefined) checkFormat(input.format, 'session.audio.input.format');
      if (input.turn_detection !== undefined)
        checkTurnDetection(input.turn_detection, 'session.audio.input.turn_detection');
      if (input.transcription !== undefined && input.transcription !== null) {
        checkObj(input.transcription, 'session.audio.input.transcription');
        checkKeys(input.transcription, TRANSCRIPTION_KEYS, 'session.audio.input.transcription');
      }
      const nr = input.noise_reduction;
      if (
        nr !== undefined &&
        nr !== null &&
        !(isObj(nr) && (nr.type === 'near_field' || nr.type === 'far_field'))
      )
        throw apiErrors.invalidValue('session.audio.input.noise_reduction.type', isObj(nr) ? nr.type : nr, [
          'near_field',
          'far_field',
        ]);
    }
    const output = update.audio.output;
    if (output !== undefined) {
      checkObj(output, 'session.audio.output');
      checkKeys(output, new Set(['format', 'voice', 'speed']), 'session.audio.output');
      if (output.format !== undefined) checkFormat(output.format, 'session.audio.output.format');
      if (output.speed !== undefined) checkNumber(output.speed, 'session.audio.output.speed', 0.25, 1.5);
      if (output.voice !== undefined) {
        const v = output.voice;
        const ok =
          typeof v === 'string'
            ? (VOICES as readonly string[]).includes(v)
            : isObj(v) && typeof v.id === 'string';
        if (!ok) throw apiErrors.invalidValue('session.audio.output.voice', JSON.stringify(v), VOICES);
        if (voiceLocked && JSON.stringify(v) !== JSON.stringify(current.audio.output.voice))
          throw apiErrors.cannotUpdateVoice();
      }
    }
  }
  return update as unknown as SessionConfig;
}

/** Merge a validated partial config into the effective session (returns a new object). */
export function mergeSession(current: Session, update: SessionConfig): Session {
  const next: Session = structuredClone(current);
  const u = update as SessionConfig & Obj;
  for (const key of [
    'instructions',
    'output_modalities',
    'tools',
    'tool_choice',
    'max_output_tokens',
    'tracing',
    'truncation',
    'prompt',
    'include',
    'reasoning',
  ] as const) {
    if (u[key] !== undefined) (next as unknown as Obj)[key] = structuredClone(u[key]);
  }
  const input = update.audio?.input;
  if (input) {
    if (input.format) next.audio.input.format = structuredClone(input.format);
    if (input.noise_reduction !== undefined) next.audio.input.noise_reduction = input.noise_reduction;
    if (input.transcription !== undefined) next.audio.input.transcription = input.transcription;
    if (input.turn_detection !== undefined) {
      const td = input.turn_detection;
      if (td === null) next.audio.input.turn_detection = null;
      else if (td.type === 'server_vad') {
        const { model_version: _mv, ...rest } = td as typeof td & { model_version?: unknown };
        next.audio.input.turn_detection = { ...defaultServerVad(), ...rest };
      } else {
        const { model_version: _mv, ...rest } = td as typeof td & { model_version?: unknown };
        next.audio.input.turn_detection = {
          eagerness: 'auto',
          create_response: true,
          interrupt_response: true,
          ...rest,
        };
      }
    }
  }
  const output = update.audio?.output;
  if (output) {
    if (output.format) next.audio.output.format = structuredClone(output.format);
    if (output.voice !== undefined) next.audio.output.voice = output.voice;
    if (output.speed !== undefined) next.audio.output.speed = output.speed;
  }
  for (const f of [next.audio.input.format, next.audio.output.format]) {
    if (f.type === 'audio/pcm' && (f as { rate?: number }).rate === undefined)
      (f as { rate: number }).rate = 24000;
  }
  return next;
}

/**
 * Layer two client configs (e.g. an ek_ secret's session under a call's own `session`): plain objects
 * merge key by key, anything else in `override` wins.
 * @example mergeConfigs({ type: 'realtime', audio: { output: { voice: 'cedar' } } }, { type: 'realtime', audio: { input: { turn_detection: null } } })
 */
export function mergeConfigs(base: SessionConfig, override: SessionConfig | undefined): SessionConfig {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return structuredClone(a);
    if (!isObj(a) || !isObj(b)) return structuredClone(b);
    const out: Obj = { ...structuredClone(a) };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return merge(base, override) as SessionConfig;
}
