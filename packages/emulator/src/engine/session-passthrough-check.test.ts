import { describe, expect, it } from 'vitest';
import { checkPassthrough } from './session-passthrough-check.js';

const errorOf = (update: Record<string, unknown>, model = 'gpt-realtime') => {
  try {
    checkPassthrough(update, model);
  } catch (e) {
    return e as { code: string; param: string; message: string };
  }
  return null;
};

describe('checkPassthrough (the API rules for tracing, truncation, prompt, include, reasoning)', () => {
  it('accepts every documented shape', () => {
    for (const update of [
      { tracing: null },
      { tracing: 'auto' },
      { tracing: { workflow_name: 'w', group_id: 'g', metadata: { a: 1 } } },
      { truncation: 'auto' },
      { truncation: 'disabled' },
      {
        truncation: {
          type: 'retention_ratio',
          retention_ratio: 0.8,
          token_limits: { post_instructions: 900 },
        },
      },
      { prompt: null },
      { prompt: { id: 'pmpt_1', version: '2', variables: { x: 'y' } } },
      { include: null },
      { include: ['item.input_audio_transcription.logprobs'] },
    ])
      expect(errorOf(update)).toBeNull();
    expect(
      errorOf({ reasoning: { effort: 'xhigh' }, parallel_tool_calls: true }, 'gpt-realtime-2'),
    ).toBeNull();
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ reasoning: { effort: 'low' } }, 'unknown_parameter', 'session.reasoning'],
    [{ parallel_tool_calls: false }, 'unknown_parameter', 'session.parallel_tool_calls'],
    [{ tracing: { workflow: 'w' } }, 'unknown_parameter', 'session.tracing.workflow'],
    [{ tracing: 'on' }, 'invalid_type', 'session.tracing'],
    [{ truncation: 'sometimes' }, 'invalid_value', 'session.truncation'],
    [
      { truncation: { type: 'retention_ratio', retention_ratio: 2 } },
      'decimal_out_of_range',
      'session.truncation.retention_ratio',
    ],
    [{ prompt: { version: '1' } }, 'missing_required_parameter', 'session.prompt.id'],
    [{ include: ['logprobs'] }, 'invalid_value', 'session.include'],
  ])('%j on gpt-realtime → %s (%s)', (update, code, param) => {
    expect(errorOf(update)).toMatchObject({ code, param });
  });

  it('a reasoning model still checks the effort', () => {
    expect(errorOf({ reasoning: { effort: 'max' } }, 'gpt-realtime-2')).toMatchObject({
      code: 'invalid_value',
      param: 'session.reasoning.effort',
    });
  });
});
