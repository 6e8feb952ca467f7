/**
 * Shape checks of client events before dispatch (protocol §5, §10): JSON, `type`, unknown fields,
 * and the `conversation.item.create` item rules. Each check throws a {@link RealtimeApiError}.
 * @module
 */
import { CLIENT_EVENT_TYPES } from '@realtime-agents/core/protocol';
import { apiErrors } from './api-error.js';
import type { Conversation } from './conversation.js';

const FIELDS: Record<string, string[]> = {
  'session.update': ['session'],
  'input_audio_buffer.append': ['audio'],
  'input_audio_buffer.commit': [],
  'input_audio_buffer.clear': [],
  'conversation.item.create': ['previous_item_id', 'item'],
  'conversation.item.retrieve': ['item_id'],
  'conversation.item.truncate': ['item_id', 'content_index', 'audio_end_ms'],
  'conversation.item.delete': ['item_id'],
  'response.create': ['response'],
  'response.cancel': ['response_id'],
  'output_audio_buffer.clear': ['response_id'],
};
const REQUIRED: Record<string, string[]> = {
  'session.update': ['session'],
  'input_audio_buffer.append': ['audio'],
  'conversation.item.create': ['item'],
  'conversation.item.retrieve': ['item_id'],
  'conversation.item.truncate': ['item_id', 'content_index', 'audio_end_ms'],
  'conversation.item.delete': ['item_id'],
};

/** A decoded client event (type checked, fields allowed). */
export type ClientEventObject = { type: string; event_id?: string } & Record<string, unknown>;

/** Parse one wire message into a client event object. `eventId` gets the event's id for error echo. */
export function parseClientEvent(raw: string, onEventId: (id: string | null) => void): ClientEventObject {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw apiErrors.invalidJson((e as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw apiErrors.notAnObject();
  const obj = value as Record<string, unknown>;
  onEventId(typeof obj.event_id === 'string' ? obj.event_id : null);
  if (obj.event_id !== undefined && (typeof obj.event_id !== 'string' || obj.event_id.length > 512))
    throw apiErrors.invalidValue('event_id', obj.event_id);
  if (obj.type === undefined) throw apiErrors.missingType();
  if (typeof obj.type !== 'string' || !FIELDS[obj.type])
    throw apiErrors.unknownType(String(obj.type), CLIENT_EVENT_TYPES);
  const allowed = FIELDS[obj.type]!;
  for (const key of Object.keys(obj)) {
    if (key !== 'type' && key !== 'event_id' && !allowed.includes(key)) throw apiErrors.unknownParameter(key);
  }
  for (const key of REQUIRED[obj.type] ?? [])
    if (obj[key] === undefined) throw apiErrors.missingParameter(key);
  for (const key of ['item_id', 'response_id']) {
    if (obj[key] !== undefined && typeof obj[key] !== 'string')
      throw apiErrors.invalidType(key, 'a string', obj[key]);
  }
  return obj as ClientEventObject;
}

const ITEM_KEYS: Record<string, string[]> = {
  message: ['id', 'type', 'object', 'status', 'role', 'content'],
  function_call: ['id', 'type', 'object', 'status', 'name', 'call_id', 'arguments'],
  function_call_output: ['id', 'type', 'object', 'status', 'call_id', 'output'],
  mcp_approval_response: ['id', 'type', 'object', 'approval_request_id', 'approve', 'reason'],
};
const CONTENT_BY_ROLE: Record<string, string[]> = {
  system: ['input_text'],
  user: ['input_text', 'input_audio', 'input_image'],
  assistant: ['output_text', 'text'],
};

/** Validate the `item` of `conversation.item.create` (§5.5). */
export function checkNewItem(item: unknown, conversation: Conversation): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw apiErrors.invalidType('item', 'an object', item);
  const it = item as Record<string, unknown>;
  const keys = ITEM_KEYS[it.type as string];
  if (!keys) throw apiErrors.invalidValue('item.type', it.type, Object.keys(ITEM_KEYS));
  for (const key of Object.keys(it)) if (!keys.includes(key)) throw apiErrors.unknownParameter(`item.${key}`);
  if (it.id !== undefined) {
    if (typeof it.id !== 'string') throw apiErrors.invalidType('item.id', 'a string', it.id);
    if (it.id.length > 32) throw apiErrors.itemIdTooLong(it.id.length);
    if (conversation.has(it.id)) throw apiErrors.duplicateItemId(it.id);
  }
  if (it.type === 'message') {
    const allowed = CONTENT_BY_ROLE[it.role as string];
    if (!allowed) throw apiErrors.invalidValue('item.role', it.role, Object.keys(CONTENT_BY_ROLE));
    if (!Array.isArray(it.content)) throw apiErrors.invalidType('item.content', 'an array', it.content);
    it.content.forEach((part: unknown, i: number) => {
      const type = (part as { type?: unknown } | null)?.type;
      if (!allowed.includes(type as string))
        throw apiErrors.invalidValue(`item.content[${i}].type`, type, allowed);
    });
  } else if (it.type === 'function_call') {
    if (typeof it.name !== 'string') throw apiErrors.missingParameter('item.name');
    if (typeof it.call_id !== 'string') throw apiErrors.missingParameter('item.call_id');
  } else if (it.type === 'function_call_output') {
    if (typeof it.call_id !== 'string') throw apiErrors.missingParameter('item.call_id');
    if (typeof it.output !== 'string') throw apiErrors.invalidType('item.output', 'a string', it.output);
    const known = conversation.items.some(
      (s) => s.item.type === 'function_call' && (s.item as { call_id?: string }).call_id === it.call_id,
    );
    if (!known) throw apiErrors.unknownCallId(it.call_id);
  } else if (it.type === 'mcp_approval_response') {
    if (it.approval_request_id === undefined) throw apiErrors.missingParameter('item.approval_request_id');
    if (typeof it.approval_request_id !== 'string')
      throw apiErrors.invalidType('item.approval_request_id', 'a string', it.approval_request_id);
    if (it.approve === undefined) throw apiErrors.missingParameter('item.approve');
    if (typeof it.approve !== 'boolean') throw apiErrors.invalidType('item.approve', 'a boolean', it.approve);
    if (it.reason !== undefined && it.reason !== null && typeof it.reason !== 'string')
      throw apiErrors.invalidType('item.reason', 'a string', it.reason);
    const known = conversation.items.some(
      (s) => s.item.type === ('mcp_approval_request' as string) && s.item.id === it.approval_request_id,
    );
    if (!known) throw apiErrors.unknownApprovalRequest(it.approval_request_id);
  }
  return it;
}
