import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { buildSessionConfig } from './ga-config.js';
import { type RealtimeRunnerOptions, resolveRunnerOptions } from './options.js';

function errorOf(options: unknown): ConfigError {
  try {
    resolveRunnerOptions(options as RealtimeRunnerOptions);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const config = (options: RealtimeRunnerOptions, agent = new RealtimeAgent({ name: 'A' })) =>
  buildSessionConfig({
    options: resolveRunnerOptions(options),
    agent,
    instructions: 'x',
  }) as unknown as Record<string, unknown>;

describe('session passthrough options', () => {
  it('map camelCase options to the GA fields', () => {
    expect(
      config({
        reasoning: { effort: 'minimal' },
        truncation: { type: 'retention_ratio', retentionRatio: 0.5 },
        prompt: { id: 'pmpt_1' },
        tracing: 'auto',
        include: null,
      }),
    ).toMatchObject({
      reasoning: { effort: 'minimal' },
      truncation: { type: 'retention_ratio', retention_ratio: 0.5 },
      prompt: { id: 'pmpt_1' },
      tracing: 'auto',
      include: null,
    });
    expect(config({ truncation: 'disabled', tracing: null, prompt: null })).toMatchObject({
      truncation: 'disabled',
      tracing: null,
      prompt: null,
    });
  });

  it('sends none of them unless given', () => {
    const c = config({});
    for (const key of ['reasoning', 'truncation', 'prompt', 'tracing', 'include'])
      expect(c).not.toHaveProperty(key);
  });

  it("an agent's prompt replaces the runner's; prompt: null on the agent sends none", () => {
    const withOwn = new RealtimeAgent({ name: 'B', prompt: { id: 'pmpt_agent', version: '2' } });
    expect(config({ prompt: { id: 'pmpt_runner' } }, withOwn).prompt).toEqual({
      id: 'pmpt_agent',
      version: '2',
    });
    expect(
      config({ prompt: { id: 'pmpt_runner' } }, new RealtimeAgent({ name: 'C', prompt: null })).prompt,
    ).toBeNull();
    expect(config({ prompt: { id: 'pmpt_runner' } }).prompt).toEqual({ id: 'pmpt_runner' });
    expect(withOwn.clone({ name: 'D' }).prompt).toEqual({ id: 'pmpt_agent', version: '2' });
  });

  it('providerData goes out as written, last', () => {
    expect(
      config({ providerData: { parallel_tool_calls: false, some_future_field: { a: 1 } } }),
    ).toMatchObject({
      parallel_tool_calls: false,
      some_future_field: { a: 1 },
    });
  });

  it.each<[RealtimeRunnerOptions | Record<string, unknown>, string, RegExp]>([
    [
      { reasoning: { effort: 'max' } },
      'reasoning.effort',
      /got 'max', allowed: 'minimal', 'low', 'medium', 'high', 'xhigh'/,
    ],
    [
      { truncation: { type: 'retention_ratio', retentionRatio: 1.5 } },
      'truncation.retentionRatio',
      /got 1.5, must be ≤ 1/,
    ],
    [
      { truncation: 'sometimes' },
      'truncation',
      /got 'sometimes'; use 'auto', 'disabled' or \{ type: 'retention_ratio'/,
    ],
    [
      { tracing: 'on' },
      'tracing',
      /got 'on'; use 'auto', null or \{ workflowName\?, groupId\?, metadata\? \}/,
    ],
    [{ prompt: { version: '1' } }, 'prompt.id', /got undefined/],
    [{ prompt: { id: 'p', variables: 'x' } }, 'prompt.variables', /expected object/],
    [{ tracing: { workflow_name: 'w' } }, 'tracing', /unknown key\(s\) 'workflow_name'/],
    [{ include: ['logprobs'] }, 'include.0', /allowed: 'item.input_audio_transcription.logprobs'/],
    [{ providerData: [1] }, 'providerData', /expected object/],
    [
      { providerData: { tools: [] } },
      'providerData.tools',
      /the kit sends 'tools' itself; use the agent's tools and handoffs instead/,
    ],
    [{ providerData: { truncation: 'auto' } }, 'providerData.truncation', /use truncation instead/],
    [{ provider_data: {} }, 'provider_data', /options are camelCase here; use providerData/],
  ])('rejects %j naming %s', (options, option, message) => {
    const e = errorOf(options);
    expect(e.option).toBe(option);
    expect(e.message).toMatch(message);
  });

  it('rejects a malformed agent prompt, naming the agent', () => {
    expect(() => new RealtimeAgent({ name: 'Bad', prompt: { id: 42 } as never })).toThrow(
      /agent 'Bad': prompt must be \{ id: string, version\?: string, variables\?: object \} or null/,
    );
  });
});
