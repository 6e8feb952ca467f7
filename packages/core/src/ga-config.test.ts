import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { buildSessionConfig, formatRate, toAudioFormat } from './ga-config.js';
import { type RealtimeRunnerOptions, resolveRunnerOptions } from './options.js';
import { tool } from './tool.js';

const plain = new RealtimeAgent({ name: 'A', instructions: 'x' });
const build = (options: RealtimeRunnerOptions, agent = plain, omitVoice = false) =>
  buildSessionConfig({ options: resolveRunnerOptions(options), agent, instructions: 'x', omitVoice });

describe('buildSessionConfig (GA mapping)', () => {
  it.each<[string, RealtimeRunnerOptions, Record<string, unknown>]>([
    [
      'defaults',
      {},
      { type: 'realtime', model: 'gpt-realtime', instructions: 'x', output_modalities: ['audio'], tools: [] },
    ],
    ['text+audio → audio', { modalities: ['text', 'audio'] }, { output_modalities: ['audio'] }],
    ['audio only', { modalities: ['audio'] }, { output_modalities: ['audio'] }],
    ['text only', { modalities: ['text'] }, { output_modalities: ['text'] }],
    ['model', { model: 'gpt-realtime-mini' }, { model: 'gpt-realtime-mini' }],
    ['voice', { voice: 'marin' }, { audio: { output: { voice: 'marin' } } }],
    [
      'pcm16 in',
      { inputAudioFormat: 'pcm16' },
      { audio: { input: { format: { type: 'audio/pcm', rate: 24000 } } } },
    ],
    ['ulaw in', { inputAudioFormat: 'g711_ulaw' }, { audio: { input: { format: { type: 'audio/pcmu' } } } }],
    [
      'alaw out',
      { outputAudioFormat: 'g711_alaw' },
      { audio: { output: { format: { type: 'audio/pcma' } } } },
    ],
    ['push-to-talk', { turnDetection: null }, { audio: { input: { turn_detection: null } } }],
    [
      'server vad',
      {
        turnDetection: {
          type: 'server_vad',
          threshold: 0.5,
          prefixPaddingMs: 300,
          silenceDurationMs: 500,
          idleTimeoutMs: 6000,
          createResponse: false,
          interruptResponse: false,
        },
      },
      {
        audio: {
          input: {
            turn_detection: {
              type: 'server_vad',
              threshold: 0.5,
              prefix_padding_ms: 300,
              silence_duration_ms: 500,
              idle_timeout_ms: 6000,
              create_response: false,
              interrupt_response: false,
            },
          },
        },
      },
    ],
    [
      'server vad partial',
      { turnDetection: { type: 'server_vad', silenceDurationMs: 700 } },
      { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 700 } } } },
    ],
    [
      'semantic vad',
      { turnDetection: { type: 'semantic_vad', eagerness: 'high', createResponse: true } },
      {
        audio: {
          input: { turn_detection: { type: 'semantic_vad', eagerness: 'high', create_response: true } },
        },
      },
    ],
    [
      'transcription',
      { inputAudioTranscription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'names' } },
      {
        audio: { input: { transcription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'names' } } },
      },
    ],
    ['transcription off', { inputAudioTranscription: null }, { audio: { input: { transcription: null } } }],
    [
      'noise reduction',
      { noiseReduction: 'far_field' },
      { audio: { input: { noise_reduction: { type: 'far_field' } } } },
    ],
    ['noise reduction off', { noiseReduction: null }, { audio: { input: { noise_reduction: null } } }],
    ['speed', { speed: 1.2 }, { audio: { output: { speed: 1.2 } } }],
    ['tool choice', { toolChoice: 'required' }, { tool_choice: 'required' }],
    [
      'named tool choice',
      { toolChoice: { type: 'function', name: 'f' } },
      { tool_choice: { type: 'function', name: 'f' } },
    ],
    ['max tokens', { maxOutputTokens: 300 }, { max_output_tokens: 300 }],
    ['max tokens inf', { maxOutputTokens: 'inf' }, { max_output_tokens: 'inf' }],
  ])('%s', (_name, options, expected) => {
    expect(build(options)).toMatchObject(expected);
  });

  it('never sends beta (flat) fields', () => {
    const c = build({
      voice: 'ash',
      inputAudioFormat: 'pcm16',
      turnDetection: null,
      speed: 1,
    }) as unknown as Record<string, unknown>;
    for (const k of [
      'modalities',
      'voice',
      'input_audio_format',
      'output_audio_format',
      'turn_detection',
      'speed',
      'input_audio_transcription',
      'temperature',
    ]) {
      expect(c).not.toHaveProperty(k);
    }
  });

  it('omits audio entirely when nothing audio-related is set', () => {
    expect(build({})).not.toHaveProperty('audio');
  });

  it("prefers the agent's voice over the runner's", () => {
    const a = new RealtimeAgent({ name: 'V', voice: 'cedar' });
    expect(build({ voice: 'marin' }, a).audio?.output?.voice).toBe('cedar');
  });

  it('leaves the voice out once audio was produced, keeping formats', () => {
    const c = build({ voice: 'marin', outputAudioFormat: 'g711_ulaw' }, plain, true);
    expect(c.audio?.output).toEqual({ format: { type: 'audio/pcmu' } });
  });

  it('maps tools and handoffs to flat GA function tools', () => {
    const spanish = new RealtimeAgent({ name: 'Spanish Agent', handoffDescription: 'Speaks Spanish.' });
    const a = new RealtimeAgent({
      name: 'A',
      tools: [
        tool({
          name: 'get_weather',
          description: 'Weather',
          parameters: z.object({ city: z.string() }),
          execute: () => 'ok',
        }),
      ],
      handoffs: [spanish],
    });
    const c = build({}, a);
    expect(c.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
      {
        type: 'function',
        name: 'transfer_to_spanish_agent',
        description: 'Hand off to the Spanish Agent agent to continue the conversation. Speaks Spanish.',
        parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
      },
    ]);
  });

  it.each([
    ['pcm16', 24000],
    ['g711_ulaw', 8000],
    ['g711_alaw', 8000],
  ] as const)('rate of %s is %d', (name, rate) => {
    expect(formatRate(toAudioFormat(name))).toBe(rate);
  });
});
