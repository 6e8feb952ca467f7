/**
 * Server → client events of the GA Realtime API (protocol §6). One type per event, one union.
 * @module
 */
import type { FunctionCallItem, Item } from './items.js';
import type { AudioFormat, Session, Voice } from './session-config.js';

interface Base {
  event_id: string;
}

/** The `error` payload (also the HTTP error envelope's `error`). */
export interface ApiError {
  type: string;
  code: string | null;
  message: string;
  param: string | null;
  event_id?: string | null;
}

export interface Usage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  input_token_details?: {
    text_tokens?: number;
    audio_tokens?: number;
    image_tokens?: number;
    cached_tokens?: number;
    cached_tokens_details?: { text_tokens?: number; audio_tokens?: number; image_tokens?: number };
  };
  output_token_details?: { text_tokens?: number; audio_tokens?: number };
}

export type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

/** The Response object (protocol §6.5). */
export interface Response {
  object: 'realtime.response';
  id: string;
  status: ResponseStatus;
  status_details: null | {
    type: ResponseStatus;
    reason?: 'turn_detected' | 'client_cancelled' | 'max_output_tokens' | 'content_filter' | string;
    error?: { type: string; code: string | null };
  };
  output: Item[];
  conversation_id: string | null;
  output_modalities: ['audio'] | ['text'];
  max_output_tokens: number | 'inf';
  audio: { output: { format: AudioFormat; voice: Voice } };
  usage: Usage | null;
  metadata: Record<string, string> | null;
}

export type ContentPartEventPart = { type: 'audio'; transcript: string } | { type: 'text'; text: string };

interface PartRef extends Base {
  response_id: string;
  item_id: string;
  output_index: number;
  content_index: number;
}

export interface ErrorEvent extends Base {
  type: 'error';
  error: ApiError;
}
export interface SessionCreatedEvent extends Base {
  type: 'session.created';
  session: Session;
}
export interface SessionUpdatedEvent extends Base {
  type: 'session.updated';
  session: Session;
}
export interface ConversationCreatedEvent extends Base {
  type: 'conversation.created';
  conversation: { id: string; object: 'realtime.conversation' };
}
export interface SpeechStartedEvent extends Base {
  type: 'input_audio_buffer.speech_started';
  audio_start_ms: number;
  item_id: string;
}
export interface SpeechStoppedEvent extends Base {
  type: 'input_audio_buffer.speech_stopped';
  audio_end_ms: number;
  item_id: string;
}
export interface InputAudioCommittedEvent extends Base {
  type: 'input_audio_buffer.committed';
  previous_item_id: string | null;
  item_id: string;
}
export interface InputAudioClearedEvent extends Base {
  type: 'input_audio_buffer.cleared';
}
export interface InputAudioTimeoutEvent extends Base {
  type: 'input_audio_buffer.timeout_triggered';
  audio_start_ms: number;
  audio_end_ms: number;
  item_id: string;
}
export interface ItemAddedEvent extends Base {
  type: 'conversation.item.added';
  previous_item_id: string | null;
  item: Item;
}
export interface ItemDoneEvent extends Base {
  type: 'conversation.item.done';
  previous_item_id: string | null;
  item: Item;
}
export interface ItemRetrievedEvent extends Base {
  type: 'conversation.item.retrieved';
  item: Item;
}
export interface ItemTruncatedEvent extends Base {
  type: 'conversation.item.truncated';
  item_id: string;
  content_index: number;
  audio_end_ms: number;
}
export interface ItemDeletedEvent extends Base {
  type: 'conversation.item.deleted';
  item_id: string;
}
export interface TranscriptionDeltaEvent extends Base {
  type: 'conversation.item.input_audio_transcription.delta';
  item_id: string;
  content_index: number;
  delta: string;
}
export interface TranscriptionCompletedEvent extends Base {
  type: 'conversation.item.input_audio_transcription.completed';
  item_id: string;
  content_index: number;
  transcript: string;
  usage:
    | {
        type: 'tokens';
        input_tokens: number;
        output_tokens: number;
        total_tokens: number;
        input_token_details?: { text_tokens: number; audio_tokens: number };
      }
    | { type: 'duration'; seconds: number };
}
export interface TranscriptionFailedEvent extends Base {
  type: 'conversation.item.input_audio_transcription.failed';
  item_id: string;
  content_index: number;
  error: { type: string; code: string | null; message: string; param: string | null };
}
/** Diarized transcription (speaker-labelled segments, times in seconds). */
export interface TranscriptionSegmentEvent extends Base {
  type: 'conversation.item.input_audio_transcription.segment';
  item_id: string;
  content_index: number;
  id: string;
  text: string;
  speaker: string;
  start: number;
  end: number;
}
export interface McpCallArgumentsDeltaEvent extends Base {
  type: 'response.mcp_call_arguments.delta';
  response_id: string;
  item_id: string;
  output_index: number;
  delta: string;
}
export interface McpCallArgumentsDoneEvent extends Base {
  type: 'response.mcp_call_arguments.done';
  response_id: string;
  item_id: string;
  output_index: number;
  arguments: string;
}
/** Progress of a remote MCP tool call the server runs itself. */
export interface McpCallProgressEvent extends Base {
  type: 'response.mcp_call.in_progress' | 'response.mcp_call.completed' | 'response.mcp_call.failed';
  output_index: number;
  item_id: string;
}
/** Progress of the server listing an MCP server's tools. */
export interface McpListToolsEvent extends Base {
  type: 'mcp_list_tools.in_progress' | 'mcp_list_tools.completed' | 'mcp_list_tools.failed';
  item_id: string;
}
export interface ResponseCreatedEvent extends Base {
  type: 'response.created';
  response: Response;
}
export interface ResponseDoneEvent extends Base {
  type: 'response.done';
  response: Response;
}
export interface OutputItemAddedEvent extends Base {
  type: 'response.output_item.added';
  response_id: string;
  output_index: number;
  item: Item;
}
export interface OutputItemDoneEvent extends Base {
  type: 'response.output_item.done';
  response_id: string;
  output_index: number;
  item: Item;
}
export interface ContentPartAddedEvent extends PartRef {
  type: 'response.content_part.added';
  part: ContentPartEventPart;
}
export interface ContentPartDoneEvent extends PartRef {
  type: 'response.content_part.done';
  part: ContentPartEventPart;
}
export interface OutputTextDeltaEvent extends PartRef {
  type: 'response.output_text.delta';
  delta: string;
}
export interface OutputTextDoneEvent extends PartRef {
  type: 'response.output_text.done';
  text: string;
}
export interface OutputAudioDeltaEvent extends PartRef {
  type: 'response.output_audio.delta';
  /** Base64 audio in the session's output format (WebSocket only). */
  delta: string;
}
export interface OutputAudioDoneEvent extends PartRef {
  type: 'response.output_audio.done';
}
export interface OutputAudioTranscriptDeltaEvent extends PartRef {
  type: 'response.output_audio_transcript.delta';
  delta: string;
}
export interface OutputAudioTranscriptDoneEvent extends PartRef {
  type: 'response.output_audio_transcript.done';
  transcript: string;
}
export interface FunctionCallArgumentsDeltaEvent extends Base {
  type: 'response.function_call_arguments.delta';
  response_id: string;
  item_id: string;
  output_index: number;
  call_id: string;
  delta: string;
}
export interface FunctionCallArgumentsDoneEvent extends Base {
  type: 'response.function_call_arguments.done';
  response_id: string;
  item_id: string;
  output_index: number;
  call_id: string;
  name: string;
  arguments: string;
}
export interface RateLimitsUpdatedEvent extends Base {
  type: 'rate_limits.updated';
  rate_limits: Array<{ name: string; limit: number; remaining: number; reset_seconds: number }>;
}
export interface OutputAudioBufferStartedEvent extends Base {
  type: 'output_audio_buffer.started';
  response_id: string;
}
export interface OutputAudioBufferStoppedEvent extends Base {
  type: 'output_audio_buffer.stopped';
  response_id: string;
}
export interface OutputAudioBufferClearedEvent extends Base {
  type: 'output_audio_buffer.cleared';
  response_id: string;
}

/** Every GA server event this kit models. Unknown types are passed on untyped (`raw` session events). */
export type ServerEvent =
  | ErrorEvent
  | SessionCreatedEvent
  | SessionUpdatedEvent
  | ConversationCreatedEvent
  | SpeechStartedEvent
  | SpeechStoppedEvent
  | InputAudioCommittedEvent
  | InputAudioClearedEvent
  | InputAudioTimeoutEvent
  | ItemAddedEvent
  | ItemDoneEvent
  | ItemRetrievedEvent
  | ItemTruncatedEvent
  | ItemDeletedEvent
  | TranscriptionDeltaEvent
  | TranscriptionCompletedEvent
  | TranscriptionFailedEvent
  | TranscriptionSegmentEvent
  | ResponseCreatedEvent
  | ResponseDoneEvent
  | OutputItemAddedEvent
  | OutputItemDoneEvent
  | ContentPartAddedEvent
  | ContentPartDoneEvent
  | OutputTextDeltaEvent
  | OutputTextDoneEvent
  | OutputAudioDeltaEvent
  | OutputAudioDoneEvent
  | OutputAudioTranscriptDeltaEvent
  | OutputAudioTranscriptDoneEvent
  | FunctionCallArgumentsDeltaEvent
  | FunctionCallArgumentsDoneEvent
  | McpCallArgumentsDeltaEvent
  | McpCallArgumentsDoneEvent
  | McpCallProgressEvent
  | McpListToolsEvent
  | RateLimitsUpdatedEvent
  | OutputAudioBufferStartedEvent
  | OutputAudioBufferStoppedEvent
  | OutputAudioBufferClearedEvent;

/** A server event whose `type` this kit does not model (one newer than this kit): kept as-is. */
export interface UnknownServerEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

/** Narrow a server event union member by its `type`. */
export type ServerEventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** Convenience: the function-call item type, re-exported for tool dispatch. */
export type { FunctionCallItem };
