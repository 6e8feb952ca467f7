/**
 * Checks of the session fields the emulator stores but does not act on (`tracing`, `truncation`,
 * `prompt`, `include`, `reasoning`, `parallel_tool_calls`), with the API's error shapes (protocol §4.1, §4.6, §10).
 * @module
 */
import { apiErrors } from './api-error.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keysIn(obj: Obj, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) throw apiErrors.unknownParameter(`${prefix}.${key}`);
}

function object(v: unknown, param: string): asserts v is Obj {
  if (!isObj(v)) throw apiErrors.invalidType(param, 'an object', v);
}

function string(v: unknown, param: string): void {
  if (v !== undefined && typeof v !== 'string') throw apiErrors.invalidType(param, 'a string', v);
}

/** Reasoning effort exists on reasoning models only (`gpt-realtime-2…`); `gpt-realtime` rejects it. */
export const isReasoningModel = (model: string): boolean => /^gpt-realtime-2/.test(model);

/**
 * Throw the API's error for the first wrong passthrough field of a `session` object.
 * @example checkPassthrough({ truncation: 'sometimes' }, 'gpt-realtime') // throws invalid_value
 */
export function checkPassthrough(update: Obj, model: string): void {
  const { tracing, truncation, prompt, include, reasoning } = update;
  if (update.parallel_tool_calls !== undefined && !isReasoningModel(model))
    throw apiErrors.unknownParameter('session.parallel_tool_calls');
  if (tracing !== undefined && tracing !== null && tracing !== 'auto') {
    object(tracing, 'session.tracing');
    keysIn(tracing, ['workflow_name', 'group_id', 'metadata'], 'session.tracing');
    string(tracing.workflow_name, 'session.tracing.workflow_name');
    string(tracing.group_id, 'session.tracing.group_id');
    if (tracing.metadata !== undefined) object(tracing.metadata, 'session.tracing.metadata');
  }
  if (truncation !== undefined && truncation !== 'auto' && truncation !== 'disabled') {
    if (!isObj(truncation))
      throw apiErrors.invalidValue('session.truncation', truncation, ['auto', 'disabled', 'retention_ratio']);
    keysIn(truncation, ['type', 'retention_ratio', 'token_limits'], 'session.truncation');
    if (truncation.type !== 'retention_ratio')
      throw apiErrors.invalidValue('session.truncation.type', truncation.type, ['retention_ratio']);
    const r = truncation.retention_ratio;
    if (typeof r !== 'number')
      throw apiErrors.invalidType('session.truncation.retention_ratio', 'a number', r);
    if (r < 0 || r > 1) throw apiErrors.outOfRange('session.truncation.retention_ratio', r, 0, 1);
    if (truncation.token_limits !== undefined) {
      object(truncation.token_limits, 'session.truncation.token_limits');
      keysIn(truncation.token_limits, ['post_instructions'], 'session.truncation.token_limits');
    }
  }
  if (prompt !== undefined && prompt !== null) {
    object(prompt, 'session.prompt');
    keysIn(prompt, ['id', 'version', 'variables'], 'session.prompt');
    if (typeof prompt.id !== 'string') throw apiErrors.missingParameter('session.prompt.id');
    string(prompt.version, 'session.prompt.version');
    if (prompt.variables !== undefined) object(prompt.variables, 'session.prompt.variables');
  }
  if (include !== undefined && include !== null) {
    if (!Array.isArray(include)) throw apiErrors.invalidType('session.include', 'an array', include);
    for (const v of include)
      if (v !== 'item.input_audio_transcription.logprobs')
        throw apiErrors.invalidValue('session.include', v, ['item.input_audio_transcription.logprobs']);
  }
  if (reasoning !== undefined) {
    if (!isReasoningModel(model)) throw apiErrors.unknownParameter('session.reasoning');
    object(reasoning, 'session.reasoning');
    keysIn(reasoning, ['effort'], 'session.reasoning');
    const efforts = ['minimal', 'low', 'medium', 'high', 'xhigh'];
    if (!efforts.includes(reasoning.effort as string))
      throw apiErrors.invalidValue('session.reasoning.effort', reasoning.effort, efforts);
  }
}
