/**
 * One parser from a wire message to a typed server event. It checks the JSON types of the fields
 * each known event needs (what a client relies on), not every optional field.
 * @module
 */
import { ProtocolError } from '../errors.js';
import type { ServerEvent, UnknownServerEvent } from './server-events.js';

type Kind = 's' | 'n' | 'o' | 'a' | 's?' | 'o?';
type Spec = Record<string, Kind>;

const part: Spec = { response_id: 's', item_id: 's', output_index: 'n', content_index: 'n' };
const mcpCall: Spec = { output_index: 'n', item_id: 's' };
const mcpList: Spec = { item_id: 's' };

const SPECS: Record<ServerEvent['type'], Spec> = {
  error: { error: 'o' },
  'session.created': { session: 'o' },
  'session.updated': { session: 'o' },
  'conversation.created': { conversation: 'o' },
  'input_audio_buffer.speech_started': { audio_start_ms: 'n', item_id: 's' },
  'input_audio_buffer.speech_stopped': { audio_end_ms: 'n', item_id: 's' },
  'input_audio_buffer.committed': { item_id: 's', previous_item_id: 's?' },
  'input_audio_buffer.cleared': {},
  'input_audio_buffer.timeout_triggered': { audio_start_ms: 'n', audio_end_ms: 'n', item_id: 's' },
  'conversation.item.added': { item: 'o', previous_item_id: 's?' },
  'conversation.item.done': { item: 'o', previous_item_id: 's?' },
  'conversation.item.retrieved': { item: 'o' },
  'conversation.item.truncated': { item_id: 's', content_index: 'n', audio_end_ms: 'n' },
  'conversation.item.deleted': { item_id: 's' },
  'conversation.item.input_audio_transcription.delta': { item_id: 's', content_index: 'n', delta: 's' },
  'conversation.item.input_audio_transcription.completed': {
    item_id: 's',
    content_index: 'n',
    transcript: 's',
  },
  'conversation.item.input_audio_transcription.failed': { item_id: 's', content_index: 'n', error: 'o' },
  'conversation.item.input_audio_transcription.segment': {
    item_id: 's',
    content_index: 'n',
    id: 's',
    text: 's',
    speaker: 's',
    start: 'n',
    end: 'n',
  },
  'response.created': { response: 'o' },
  'response.done': { response: 'o' },
  'response.output_item.added': { response_id: 's', output_index: 'n', item: 'o' },
  'response.output_item.done': { response_id: 's', output_index: 'n', item: 'o' },
  'response.content_part.added': { ...part, part: 'o' },
  'response.content_part.done': { ...part, part: 'o' },
  'response.output_text.delta': { ...part, delta: 's' },
  'response.output_text.done': { ...part, text: 's' },
  'response.output_audio.delta': { ...part, delta: 's' },
  'response.output_audio.done': part,
  'response.output_audio_transcript.delta': { ...part, delta: 's' },
  'response.output_audio_transcript.done': { ...part, transcript: 's' },
  'response.function_call_arguments.delta': {
    response_id: 's',
    item_id: 's',
    output_index: 'n',
    call_id: 's',
    delta: 's',
  },
  'response.function_call_arguments.done': {
    response_id: 's',
    item_id: 's',
    output_index: 'n',
    call_id: 's',
    name: 's',
    arguments: 's',
  },
  'response.mcp_call_arguments.delta': { response_id: 's', item_id: 's', output_index: 'n', delta: 's' },
  'response.mcp_call_arguments.done': { response_id: 's', item_id: 's', output_index: 'n', arguments: 's' },
  'response.mcp_call.in_progress': mcpCall,
  'response.mcp_call.completed': mcpCall,
  'response.mcp_call.failed': mcpCall,
  'mcp_list_tools.in_progress': mcpList,
  'mcp_list_tools.completed': mcpList,
  'mcp_list_tools.failed': mcpList,
  'rate_limits.updated': { rate_limits: 'a' },
  'output_audio_buffer.started': { response_id: 's' },
  'output_audio_buffer.stopped': { response_id: 's' },
  'output_audio_buffer.cleared': { response_id: 's' },
};

const item: [string, Spec] = ['item', { id: 's', type: 's' }];

/** Nested objects whose shape the session depends on: the field and what it must hold. */
const NESTED: Partial<Record<ServerEvent['type'], [string, Spec]>> = {
  error: ['error', { message: 's' }],
  'response.created': ['response', { id: 's', output: 'a' }],
  'response.done': ['response', { id: 's', status: 's', output: 'a' }],
  'conversation.item.added': item,
  'conversation.item.done': item,
  'response.output_item.added': item,
  'response.output_item.done': item,
};

/** A spec as parallel arrays (a loop over arrays is what the hot path runs per event). */
interface Compiled {
  keys: string[];
  kinds: Kind[];
  nested: { field: string; keys: string[]; kinds: Kind[] } | null;
}

const split = (spec: Spec) => ({ keys: Object.keys(spec), kinds: Object.values(spec) });

/** Known types → compiled spec. A Map, so `constructor` or `__proto__` are unknown types, not known. */
const COMPILED = new Map<string, Compiled>(
  Object.entries(SPECS).map(([type, spec]) => {
    const n = NESTED[type as ServerEvent['type']];
    return [type, { ...split(spec), nested: n ? { field: n[0], ...split(n[1]) } : null }];
  }),
);

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function fits(want: Kind, v: unknown): boolean {
  switch (want) {
    case 's':
      return typeof v === 'string';
    case 'n':
      return typeof v === 'number';
    case 'o':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'a':
      return Array.isArray(v);
    case 's?':
      return v == null || typeof v === 'string';
    default:
      return v == null || (typeof v === 'object' && !Array.isArray(v));
  }
}

const EXPECTED: Record<Kind, string> = {
  s: 'a string',
  n: 'a number',
  o: 'an object',
  a: 'an array',
  's?': 'a string or null',
  'o?': 'an object or null',
};

function checkFields(
  obj: Record<string, unknown>,
  keys: string[],
  kinds: Kind[],
  prefix: string,
): string | null {
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (fits(kinds[i]!, v)) continue;
    const got = kindOf(v);
    return `field '${prefix}${keys[i]}' should be ${EXPECTED[kinds[i]!]} but is ${got === 'undefined' ? 'missing' : got}`;
  }
  return null;
}

const CALL_KEYS = ['call_id', 'name', 'arguments'];
const CALL_KINDS: Kind[] = ['s', 's', 's'];

/**
 * A finished function call is what the session runs a tool from: without a string `call_id` it
 * could not remember the call (and would run it again), without `arguments` it would run it blind.
 */
function checkCall(item: Record<string, unknown>): string | null {
  return item.type === 'function_call' ? checkFields(item, CALL_KEYS, CALL_KINDS, 'item.') : null;
}

/** The result of parsing one wire message. */
export type ParseResult =
  | { ok: true; known: true; event: ServerEvent }
  | { ok: true; known: false; event: UnknownServerEvent }
  | { ok: false; error: ProtocolError };

/**
 * Parse one server message (a JSON string or an already-decoded object).
 * Malformed JSON or a known event with wrong field types gives `{ ok: false, error }`;
 * an unknown `type` passes through as `{ known: false }`.
 * @example
 * const r = parseServerEvent('{"type":"session.created","event_id":"e1","session":{}}');
 * if (r.ok && r.known) console.log(r.event.type);
 */
export function parseServerEvent(message: string | unknown): ParseResult {
  let value: unknown = message;
  if (typeof message === 'string') {
    try {
      value = JSON.parse(message);
    } catch (e) {
      const snippet = message.length > 80 ? `${message.slice(0, 80)}…` : message;
      return {
        ok: false,
        error: new ProtocolError(
          'invalid_json',
          `Server sent a message that is not JSON (${(e as Error).message}): ${snippet}`,
          message,
        ),
      };
    }
  }
  if (kindOf(value) !== 'object') {
    return {
      ok: false,
      error: new ProtocolError(
        'invalid_event',
        `Server event must be a JSON object, got ${kindOf(value)}`,
        value,
      ),
    };
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.type !== 'string') {
    return {
      ok: false,
      error: new ProtocolError('invalid_event', "Server event has no string 'type' field", value),
    };
  }
  const spec = COMPILED.get(obj.type);
  if (!spec) return { ok: true, known: false, event: obj as UnknownServerEvent };
  const n = spec.nested;
  const problem =
    checkFields(obj, spec.keys, spec.kinds, '') ??
    (n && checkFields(obj[n.field] as Record<string, unknown>, n.keys, n.kinds, `${n.field}.`)) ??
    (obj.type === 'response.output_item.done' && checkCall(obj.item as Record<string, unknown>));
  if (problem) {
    return {
      ok: false,
      error: new ProtocolError('invalid_event', `Malformed '${obj.type}' event: ${problem}`, value),
    };
  }
  return { ok: true, known: true, event: obj as unknown as ServerEvent };
}

/** Every server event type the parser knows. */
export const SERVER_EVENT_TYPES = /* @__PURE__ */ Object.keys(SPECS) as ServerEvent['type'][];
