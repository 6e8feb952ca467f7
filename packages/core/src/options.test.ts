import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveRunnerOptions } from './options.js';

function errorOf(options: unknown): ConfigError {
  try {
    resolveRunnerOptions(options as never);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveRunnerOptions', () => {
  it('applies defaults', () => {
    const o = resolveRunnerOptions({});
    expect(o.model).toBe('gpt-realtime');
    expect(o.modalities).toEqual(['text', 'audio']);
    expect(o.guardrails.debounceTextLength).toBe(100);
  });

  it('accepts the seed quick-start options', () => {
    expect(() =>
      resolveRunnerOptions({
        model: 'gpt-realtime',
        voice: 'alloy',
        modalities: ['text', 'audio'],
        inputAudioFormat: 'pcm16',
        outputAudioFormat: 'pcm16',
        turnDetection: { type: 'server_vad', threshold: 0.5, silenceDurationMs: 500 },
        inputAudioTranscription: { model: 'gpt-4o-transcribe' },
      }),
    ).not.toThrow();
  });

  it.each(['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'])(
    'accepts GA voice %s',
    (voice) => {
      expect(resolveRunnerOptions({ voice: voice as never }).voice).toBe(voice);
    },
  );

  it.each(['fable', 'onyx', 'nova'])('rejects the seed-only voice %s and lists the valid ones', (voice) => {
    const e = errorOf({ voice });
    expect(e.option).toBe('voice');
    expect(e.code).toBe('invalid_option');
    expect(e.message).toContain(`'${voice}'`);
    expect(e.message).toContain('not available on the GA Realtime API');
    expect(e.message).toContain('alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar');
  });

  it('accepts a custom voice id', () => {
    expect(() => resolveRunnerOptions({ voice: { id: 'voice_123' } })).not.toThrow();
  });

  it.each([
    [{ modalities: ['video'] }, 'modalities', "['text', 'audio'], ['audio'] or ['text']"],
    [{ modalities: [] }, 'modalities', 'got []'],
    [{ modalities: ['text', 'text'] }, 'modalities', 'got ["text","text"]'],
    [{ inputAudioFormat: 'mp3' }, 'inputAudioFormat', "allowed: 'pcm16', 'g711_ulaw', 'g711_alaw'"],
    [{ outputAudioFormat: 'wav' }, 'outputAudioFormat', "got 'wav'"],
    [
      { turnDetection: { type: 'vad' } },
      'turnDetection',
      "use 'server_vad', 'semantic_vad', or turnDetection: null",
    ],
    [
      { turnDetection: { type: 'server_vad', threshold: 1.5 } },
      'turnDetection.threshold',
      'got 1.5, must be ≤ 1',
    ],
    [{ turnDetection: { type: 'server_vad', threshold: -0.1 } }, 'turnDetection.threshold', 'must be ≥ 0'],
    [
      { turnDetection: { type: 'server_vad', idleTimeoutMs: 100 } },
      'turnDetection.idleTimeoutMs',
      'must be ≥ 5000',
    ],
    [
      { turnDetection: { type: 'server_vad', silence_duration_ms: 500 } },
      'turnDetection',
      "unknown key(s) 'silence_duration_ms'",
    ],
    [
      { turnDetection: { type: 'semantic_vad', eagerness: 'max' } },
      'turnDetection.eagerness',
      "allowed: 'low', 'medium', 'high', 'auto'",
    ],
    [
      { turnDetection: { type: 'semantic_vad', threshold: 0.5 } },
      'turnDetection',
      "unknown key(s) 'threshold'",
    ],
    [{ speed: 2 }, 'speed', 'got 2, must be ≤ 1.5'],
    [{ speed: 0.1 }, 'speed', 'must be ≥ 0.25'],
    [{ maxOutputTokens: 5000 }, 'maxOutputTokens', 'got 5000'],
    [{ maxOutputTokens: 0 }, 'maxOutputTokens', 'got 0'],
    [{ toolChoice: 'sometimes' }, 'toolChoice', "got 'sometimes'"],
    [{ inputAudioTranscription: { model: '' } }, 'inputAudioTranscription.model', 'at least 1 characters'],
    [
      { inputAudioTranscription: { model: 'whisper-1', language: 'english' } },
      'inputAudioTranscription.language',
      "got 'english'",
    ],
    [{ noiseReduction: 'studio' }, 'noiseReduction', "allowed: 'near_field', 'far_field'"],
    [{ guardrails: { debounceTextLength: 0 } }, 'guardrails.debounceTextLength', 'must be ≥ 1'],
    [{ guardrails: { debounceTextLength: 2.5 } }, 'guardrails.debounceTextLength', 'got 2.5'],
    [{ baseUrl: 'api.openai.com' }, 'baseUrl', "got 'api.openai.com'"],
    [{ extraHeaders: { 'api-key': 5 } }, 'extraHeaders.api-key', 'got 5, expected string'],
    [{ extraHeaders: 'api-key: x' }, 'extraHeaders', "got 'api-key: x', expected record"],
    [{ extraHeaders: null }, 'extraHeaders', 'got null, expected record'],
    [{ maxOutputTokens: 2.5 }, 'maxOutputTokens', 'got 2.5, expected a whole number'],
    [
      { turnDetection: { type: 'server_vad', idleTimeoutMs: 5000.5 } },
      'turnDetection.idleTimeoutMs',
      'got 5000.5, expected a whole number',
    ],
    [{ apiKey: '' }, 'apiKey', "got ''"],
    [{ model: '' }, 'model', "got ''"],
    [{ transport: {} }, 'transport', 'expected a Transport'],
  ])('rejects %j naming %s', (options, option, text) => {
    const e = errorOf(options);
    expect(e.option).toBe(option);
    expect(e.message).toContain(text);
  });

  it.each([
    ['input_audio_format', 'inputAudioFormat'],
    ['turn_detection', 'turnDetection'],
    ['api_key', 'apiKey'],
    ['base_url', 'baseUrl'],
    ['extra_headers', 'extraHeaders'],
  ])('points snake_case %s to its camelCase name', (key, camel) => {
    const e = errorOf({ [key]: 'x' });
    expect(e.option).toBe(key);
    expect(e.message).toContain(`use ${camel}`);
  });

  it('rejects unknown options and lists the known ones', () => {
    const e = errorOf({ temperature: 0.8 });
    expect(e.option).toBe('temperature');
    expect(e.message).toContain('unknown option');
    expect(e.message).toContain('turnDetection');
  });

  it('rejects a non-object', () => {
    expect(errorOf('gpt-realtime').message).toContain('must be an object');
  });

  it('accepts turnDetection null (push-to-talk) and a full server_vad', () => {
    expect(resolveRunnerOptions({ turnDetection: null }).turnDetection).toBeNull();
    expect(() =>
      resolveRunnerOptions({
        turnDetection: {
          type: 'server_vad',
          threshold: 0.6,
          prefixPaddingMs: 300,
          silenceDurationMs: 200,
          idleTimeoutMs: 6000,
          createResponse: true,
          interruptResponse: false,
        },
      }),
    ).not.toThrow();
  });
});
