/**
 * Client → server events of the GA Realtime API (protocol §5). One type per event, one union.
 * @module
 */
import type { ItemInput } from './items.js';
import type { AudioFormat, FunctionTool, SessionConfig, ToolChoice, Voice } from './session-config.js';

interface Base {
  /** Optional client-chosen id (≤ 512 chars), echoed only in a resulting `error.event_id`. */
  event_id?: string;
}

export interface ResponseCreateParams {
  output_modalities?: ['audio'] | ['text'];
  instructions?: string;
  audio?: { output?: { format?: AudioFormat; voice?: Voice } };
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  max_output_tokens?: number | 'inf';
  conversation?: 'auto' | 'none';
  metadata?: Record<string, string> | null;
  input?: Array<ItemInput | { type: 'item_reference'; id: string }>;
}

export interface SessionUpdateEvent extends Base {
  type: 'session.update';
  session: SessionConfig;
}
export interface InputAudioBufferAppendEvent extends Base {
  type: 'input_audio_buffer.append';
  /** Base64 audio in the session's input format. */
  audio: string;
}
export interface InputAudioBufferCommitEvent extends Base {
  type: 'input_audio_buffer.commit';
}
export interface InputAudioBufferClearEvent extends Base {
  type: 'input_audio_buffer.clear';
}
export interface ConversationItemCreateEvent extends Base {
  type: 'conversation.item.create';
  previous_item_id?: string | null;
  item: ItemInput;
}
export interface ConversationItemRetrieveEvent extends Base {
  type: 'conversation.item.retrieve';
  item_id: string;
}
export interface ConversationItemTruncateEvent extends Base {
  type: 'conversation.item.truncate';
  item_id: string;
  content_index: number;
  /** Integer milliseconds of the item's audio that were really played. */
  audio_end_ms: number;
}
export interface ConversationItemDeleteEvent extends Base {
  type: 'conversation.item.delete';
  item_id: string;
}
export interface ResponseCreateEvent extends Base {
  type: 'response.create';
  response?: ResponseCreateParams;
}
export interface ResponseCancelEvent extends Base {
  type: 'response.cancel';
  response_id?: string;
}
export interface OutputAudioBufferClearEvent extends Base {
  type: 'output_audio_buffer.clear';
}

/** Every GA client event. */
export type ClientEvent =
  | SessionUpdateEvent
  | InputAudioBufferAppendEvent
  | InputAudioBufferCommitEvent
  | InputAudioBufferClearEvent
  | ConversationItemCreateEvent
  | ConversationItemRetrieveEvent
  | ConversationItemTruncateEvent
  | ConversationItemDeleteEvent
  | ResponseCreateEvent
  | ResponseCancelEvent
  | OutputAudioBufferClearEvent;

/** The `type` strings of every client event. */
export const CLIENT_EVENT_TYPES = [
  'session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.retrieve',
  'conversation.item.truncate',
  'conversation.item.delete',
  'response.create',
  'response.cancel',
  'output_audio_buffer.clear',
] as const satisfies readonly ClientEvent['type'][];
