/**
 * One pure function from runner options + agent to the GA `session` object (protocol §4.10 mapping).
 * @module
 */
import type { AnyAgent } from './agent.js';
import type { AudioFormatName, ResolvedRunnerOptions } from './options.js';
import type { AudioFormat, SessionConfig, SessionTool } from './protocol/session-config.js';
import { passthroughConfig } from './session-passthrough.js';
import { toWireTool } from './tool.js';

/** `pcm16` → `{type:'audio/pcm', rate:24000}`, `g711_ulaw` → `audio/pcmu`, `g711_alaw` → `audio/pcma`. */
export function toAudioFormat(name: AudioFormatName): AudioFormat {
  if (name === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (name === 'g711_alaw') return { type: 'audio/pcma' };
  return { type: 'audio/pcm', rate: 24000 };
}

/** Sample rate of a wire format. */
export function formatRate(format: AudioFormat | undefined): number {
  return !format || format.type === 'audio/pcm' ? 24000 : 8000;
}

/** The wire tools of an agent: its function tools, one per handoff (only `enabled` ones when given), then its hosted MCP servers. */
export function agentTools(agent: AnyAgent, enabled?: ReadonlySet<string>): SessionTool[] {
  const on = (name: string) => !enabled || enabled.has(name);
  return [
    ...agent.tools.filter((t) => on(t.name)).map((t) => toWireTool(t)),
    ...agent.handoffs
      .filter((h) => on(h.toolName))
      .map((h) => toWireTool({ name: h.toolName, description: h.description, jsonSchema: h.jsonSchema })),
    ...agent.mcpTools.map((m): SessionTool => JSON.parse(JSON.stringify(m.wire))),
  ];
}

export interface BuildConfigInput {
  options: ResolvedRunnerOptions;
  agent: AnyAgent;
  /** The agent's resolved instructions. */
  instructions: string;
  /** Leave the voice out (required once the session produced audio: the server rejects a change). */
  omitVoice?: boolean;
  /** Names of the tools and handoffs whose `isEnabled` said yes; all when left out. */
  enabled?: ReadonlySet<string>;
}

/**
 * Map options and an agent to the GA session config sent with `session.update`.
 * @example
 * buildSessionConfig({ options: resolveRunnerOptions({ voice: 'marin' }), agent, instructions: 'Be brief.' })
 * // → { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.', output_modalities: ['audio'], audio: {…}, tools: [] }
 */
export function buildSessionConfig({
  options,
  agent,
  instructions,
  omitVoice,
  enabled,
}: BuildConfigInput): SessionConfig {
  const m = options.modalities;
  const config: SessionConfig = {
    type: 'realtime',
    model: options.model,
    instructions,
    output_modalities: m.length === 1 && m[0] === 'text' ? ['text'] : ['audio'],
    tools: agentTools(agent, enabled),
  };
  const input: NonNullable<NonNullable<SessionConfig['audio']>['input']> = {};
  const output: NonNullable<NonNullable<SessionConfig['audio']>['output']> = {};
  if (options.inputAudioFormat) input.format = toAudioFormat(options.inputAudioFormat);
  if (options.outputAudioFormat) output.format = toAudioFormat(options.outputAudioFormat);
  if (options.noiseReduction !== undefined) {
    input.noise_reduction = options.noiseReduction === null ? null : { type: options.noiseReduction };
  }
  if (options.inputAudioTranscription !== undefined) {
    const t = options.inputAudioTranscription;
    input.transcription =
      t === null
        ? null
        : {
            model: t.model,
            ...(t.language && { language: t.language }),
            ...(t.prompt && { prompt: t.prompt }),
          };
  }
  const td = options.turnDetection;
  if (td === null) input.turn_detection = null;
  else if (td) {
    // The option was validated key by key (strict zod objects): map each given key to snake_case.
    const wire: Record<string, unknown> = { type: td.type };
    for (const [key, value] of Object.entries(td)) {
      if (value !== undefined) wire[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    }
    input.turn_detection = wire as unknown as typeof input.turn_detection;
  }
  const voice = agent.voice ?? options.voice;
  if (voice !== undefined && !omitVoice) output.voice = voice;
  if (options.speed !== undefined) output.speed = options.speed;
  const audio: SessionConfig['audio'] = {};
  if (Object.keys(input).length) audio.input = input;
  if (Object.keys(output).length) audio.output = output;
  if (audio.input || audio.output) config.audio = audio;
  if (options.toolChoice !== undefined) config.tool_choice = options.toolChoice;
  if (options.maxOutputTokens !== undefined) config.max_output_tokens = options.maxOutputTokens;
  return Object.assign(config, passthroughConfig(options, agent.prompt));
}
