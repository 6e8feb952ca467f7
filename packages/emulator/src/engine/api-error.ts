/**
 * The Realtime API's error payloads (protocol §10) as values: one constructor per observed error, so
 * the wording and codes live in one place. Used both for `error` events and HTTP error envelopes.
 * @module
 */
import type { ApiError } from '@realtime-agents/core/protocol';

/** An error the engine reports to the client; `event_id` is filled in from the offending client event. */
export class RealtimeApiError extends Error {
  constructor(
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
    readonly type: string = 'invalid_request_error',
  ) {
    super(message);
  }

  /** The wire payload (`error` of an `error` event or HTTP envelope). */
  toPayload(eventId: string | null = null): ApiError {
    return { type: this.type, code: this.code, message: this.message, param: this.param, event_id: eventId };
  }
}

const quoteList = (values: readonly string[]): string => {
  const q = values.map((v) => `'${v}'`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
};

/** Factories for every error of protocol §10 the emulator produces. */
export const apiErrors = {
  invalidJson: (detail: string) =>
    new RealtimeApiError('invalid_json', `The server could not parse the event as JSON: ${detail}`, null),
  notAnObject: () => new RealtimeApiError('invalid_event', 'The event must be a JSON object.', null),
  missingType: () => new RealtimeApiError('invalid_event', "The 'type' field is missing.", 'type'),
  unknownType: (type: string, supported: readonly string[]) =>
    new RealtimeApiError(
      'invalid_value',
      `Invalid value: '${type}'. Supported values are: ${quoteList(supported)}.`,
      'type',
    ),
  unknownParameter: (param: string) =>
    new RealtimeApiError('unknown_parameter', `Unknown parameter: '${param}'.`, param),
  missingParameter: (param: string) =>
    new RealtimeApiError('missing_required_parameter', `Missing required parameter: '${param}'.`, param),
  invalidValue: (param: string, value: unknown, supported?: readonly string[]) =>
    new RealtimeApiError(
      'invalid_value',
      supported
        ? `Invalid value: '${String(value)}'. Supported values are: ${quoteList(supported)}.`
        : `Invalid value for '${param}': ${JSON.stringify(value)}.`,
      param,
    ),
  invalidType: (param: string, expected: string, value: unknown) =>
    new RealtimeApiError(
      'invalid_type',
      `Invalid type for '${param}': expected ${expected}, but got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`} instead.`,
      param,
    ),
  outOfRange: (param: string, value: unknown, min: number, max: number) =>
    new RealtimeApiError(
      'decimal_out_of_range',
      `Invalid '${param}': ${String(value)} is out of range. Expected a value between ${min} and ${max}.`,
      param,
    ),
  activeResponse: (responseId: string) =>
    new RealtimeApiError(
      'conversation_already_has_active_response',
      `Conversation already has an active response in progress: ${responseId}. Wait until the response is finished before creating a new one.`,
    ),
  cancelNotActive: () =>
    new RealtimeApiError('response_cancel_not_active', 'Cancellation failed: no active response found'),
  cannotUpdateVoice: () =>
    new RealtimeApiError(
      'cannot_update_voice',
      "Cannot update a conversation's voice if assistant audio is present.",
      'session.audio.output.voice',
    ),
  commitEmpty: (ms: number) =>
    new RealtimeApiError(
      'input_audio_buffer_commit_empty',
      `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
    ),
  itemIdTooLong: (length: number) =>
    new RealtimeApiError(
      null,
      `Invalid 'item.id': string too long. Expected a string with maximum length 32, but got a string with length ${length} instead.`,
      'item.id',
    ),
  duplicateItemId: (id: string) =>
    new RealtimeApiError(
      'invalid_value',
      `Item with id '${id}' already exists in the conversation.`,
      'item.id',
    ),
  previousItemNotFound: (id: string) =>
    new RealtimeApiError(
      'item_create_invalid_previous_item_id',
      `Error adding item: the previous item with id '${id}' does not exist.`,
      'previous_item_id',
    ),
  itemNotFound: (id: string) =>
    new RealtimeApiError('item_not_found', `Item with item_id not found: ${id}`, 'item_id'),
  truncateNotFound: (id: string) =>
    new RealtimeApiError('item_truncate_invalid_item_id', `Item with item_id not found: ${id}`, 'item_id'),
  truncateNotAudio: () =>
    new RealtimeApiError(
      'unsupported_content_type',
      'Only model output audio messages can be truncated',
      'item_id',
    ),
  truncateBeyondAudio: (haveMs: number, wantMs: number) =>
    new RealtimeApiError(
      'invalid_value',
      `Audio content of ${haveMs}ms is already shorter than ${wantMs}ms`,
      'audio_end_ms',
    ),
  unknownCallId: (callId: string) =>
    new RealtimeApiError(
      'invalid_value',
      `No function call with call_id '${callId}' found in the conversation.`,
      'item.call_id',
    ),
  unknownApprovalRequest: (id: string) =>
    new RealtimeApiError(
      'invalid_value',
      `No MCP approval request with id '${id}' found in the conversation.`,
      'item.approval_request_id',
    ),
  sessionExpired: (minutes: number) =>
    new RealtimeApiError('session_expired', `Your session hit the maximum duration of ${minutes} minutes.`),
  notWebRtc: () =>
    new RealtimeApiError(
      'invalid_value',
      "'output_audio_buffer.clear' is only supported for WebRTC and SIP sessions.",
      'type',
    ),
  transcriptionUpdate: () =>
    new RealtimeApiError(
      'invalid_value',
      'Passing a transcription session update event to a realtime session is not allowed.',
      'session.type',
    ),
};
