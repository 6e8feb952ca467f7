/**
 * GA Realtime session configuration, exactly as sent in `session.update`, `/client_secrets`,
 * the multipart `session` of `/calls` and SIP `accept`, and echoed in `session.created/updated`.
 * @module
 */

/** Wire audio formats. PCM is 16-bit little-endian mono at 24 kHz; G.711 is 8 kHz, one byte a sample. */
export type AudioFormat =
  | { type: 'audio/pcm'; rate: 24000 }
  | { type: 'audio/pcmu' }
  | { type: 'audio/pcma' };

/** The GA voices. */
export const VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
] as const;
/** A GA voice name, or a custom voice by id. */
export type Voice = (typeof VOICES)[number] | { id: string };

export interface ServerVad {
  type: 'server_vad';
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  idle_timeout_ms?: number | null;
  create_response?: boolean;
  interrupt_response?: boolean;
}

export interface SemanticVad {
  type: 'semantic_vad';
  eagerness?: 'low' | 'medium' | 'high' | 'auto';
  create_response?: boolean;
  interrupt_response?: boolean;
}

/** `null` turns VAD off (push-to-talk: the client commits and creates responses). */
export type TurnDetection = ServerVad | SemanticVad | null;

export interface InputTranscription {
  model: string;
  language?: string;
  prompt?: string;
}

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** Which tools of an MCP server need the client's approval before the server calls them. */
export type McpRequireApproval =
  | 'never'
  | 'always'
  | { never?: { tool_names: string[] }; always?: { tool_names: string[] } };

/** A remote MCP server the Realtime API connects to itself (protocol: session tools, §6.4, §6.6). */
export interface McpTool {
  type: 'mcp';
  server_label: string;
  server_url?: string;
  connector_id?: string;
  authorization?: string;
  headers?: Record<string, string>;
  allowed_tools?: string[];
  require_approval?: McpRequireApproval;
  server_description?: string;
}

/** Any tool in a session's `tools`. */
export type SessionTool = FunctionTool | McpTool;

export type ToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; name: string }
  | { type: 'mcp'; server_label: string; name?: string };

/** A `session` object as a client sends it (every field optional except `type`). */
export interface SessionConfig {
  type: 'realtime';
  model?: string;
  instructions?: string;
  output_modalities?: ['audio'] | ['text'];
  audio?: {
    input?: {
      format?: AudioFormat;
      noise_reduction?: { type: 'near_field' | 'far_field' } | null;
      transcription?: InputTranscription | null;
      turn_detection?: TurnDetection;
    };
    output?: {
      format?: AudioFormat;
      voice?: Voice;
      speed?: number;
    };
  };
  tools?: SessionTool[];
  tool_choice?: ToolChoice;
  max_output_tokens?: number | 'inf';
  tracing?: null | 'auto' | { workflow_name?: string; group_id?: string; metadata?: Record<string, unknown> };
  truncation?:
    | 'auto'
    | 'disabled'
    | { type: 'retention_ratio'; retention_ratio: number; token_limits?: { post_instructions: number } };
  prompt?: null | { id: string; version?: string; variables?: Record<string, unknown> };
  include?: null | string[];
  /** Reasoning models only (`gpt-realtime-2…`). */
  reasoning?: { effort: 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' };
}

/** The full effective session object the server reports (`session.created`, `session.updated`). */
export interface Session extends Required<Omit<SessionConfig, 'audio' | 'reasoning'>> {
  object: 'realtime.session';
  /** Reported by reasoning models only. */
  reasoning?: SessionConfig['reasoning'];
  id: string;
  expires_at: number;
  audio: {
    input: {
      format: AudioFormat;
      noise_reduction: { type: 'near_field' | 'far_field' } | null;
      transcription: InputTranscription | null;
      turn_detection: TurnDetection;
    };
    output: { format: AudioFormat; voice: Voice; speed: number };
  };
}
