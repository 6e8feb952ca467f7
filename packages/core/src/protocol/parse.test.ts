import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { parseServerEvent } from './parse.js';

describe('parseServerEvent', () => {
  it('parses a known event from a JSON string', () => {
    const r = parseServerEvent(
      '{"type":"input_audio_buffer.speech_started","event_id":"e","audio_start_ms":10,"item_id":"i"}',
    );
    expect(r.ok && r.known && r.event.type).toBe('input_audio_buffer.speech_started');
  });

  it('accepts an already-decoded object', () => {
    const r = parseServerEvent({ type: 'input_audio_buffer.cleared', event_id: 'e' });
    expect(r.ok).toBe(true);
  });

  it('passes unknown event types through as unknown', () => {
    const r = parseServerEvent('{"type":"response.future_thing.added","event_id":"e","item_id":"x"}');
    expect(r).toMatchObject({ ok: true, known: false, event: { type: 'response.future_thing.added' } });
  });

  it.each([
    ['{"type":"mcp_list_tools.in_progress","event_id":"e","item_id":"x"}', true],
    ['{"type":"mcp_list_tools.failed","event_id":"e"}', false],
    ['{"type":"response.mcp_call.completed","event_id":"e","item_id":"x","output_index":0}', true],
    ['{"type":"response.mcp_call.failed","event_id":"e","item_id":"x","output_index":"0"}', false],
    [
      '{"type":"response.mcp_call_arguments.done","event_id":"e","response_id":"r","item_id":"x","output_index":0,"arguments":"{}"}',
      true,
    ],
    [
      '{"type":"conversation.item.input_audio_transcription.segment","event_id":"e","item_id":"x","content_index":0,"id":"seg_1","text":"hi","speaker":"A","start":0.5,"end":1.25}',
      true,
    ],
    [
      '{"type":"conversation.item.input_audio_transcription.segment","event_id":"e","item_id":"x","content_index":0,"id":"seg_1","text":"hi","speaker":"A","start":"0.5","end":1.25}',
      false,
    ],
  ])('MCP and diarization events are known and checked: %s → ok %s', (wire, ok) => {
    const r = parseServerEvent(wire);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.known).toBe(true);
    else expect(r.error.code).toBe('invalid_event');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'treats the type %s as unknown (not an Object.prototype key)',
    (type) => {
      const r = parseServerEvent(JSON.stringify({ type, event_id: 'e' }));
      expect(r).toMatchObject({ ok: true, known: false, event: { type } });
    },
  );

  it('checks every known type against its fields, nested ones included', () => {
    const r = parseServerEvent({
      type: 'conversation.item.added',
      event_id: 'e',
      item: { id: 7, type: 'message' },
    });
    expect(!r.ok && r.error.message).toBe(
      "Malformed 'conversation.item.added' event: field 'item.id' should be a string but is number",
    );
    const a = parseServerEvent({ type: 'response.created', event_id: 'e', response: [] });
    expect(!a.ok && a.error.message).toContain("field 'response' should be an object but is array");
    const n = parseServerEvent({ type: 'conversation.item.added', event_id: 'e', item: null });
    expect(!n.ok && n.error.message).toContain("field 'item' should be an object but is null");
  });

  it('reports malformed JSON as a ProtocolError with code invalid_json', () => {
    const r = parseServerEvent('{"type": nope');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ProtocolError);
      expect(r.error.code).toBe('invalid_json');
      expect(r.error.message).toContain('not JSON');
    }
  });

  it.each([
    ['a number', '42', 'must be a JSON object, got number'],
    ['an array', '[1]', 'got array'],
    ['no type', '{"event_id":"x"}', "no string 'type'"],
  ])('rejects %s', (_name, raw, msg) => {
    const r = parseServerEvent(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(msg);
  });

  it('names the field and the wrong type', () => {
    const r = parseServerEvent({
      type: 'response.output_audio.delta',
      event_id: 'e',
      response_id: 'r',
      item_id: 'i',
      output_index: '0',
      content_index: 0,
      delta: '',
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.message).toBe(
        "Malformed 'response.output_audio.delta' event: field 'output_index' should be a number but is string",
      );
  });

  it('reports a missing field as missing', () => {
    const r = parseServerEvent({
      type: 'response.output_text.delta',
      event_id: 'e',
      response_id: 'r',
      item_id: 'i',
      output_index: 0,
      content_index: 0,
    });
    expect(!r.ok && r.error.message).toContain("field 'delta' should be a string but is missing");
  });

  it('checks nested response fields', () => {
    const r = parseServerEvent({ type: 'response.done', event_id: 'e', response: { id: 'r', output: [] } });
    expect(!r.ok && r.error.message).toContain("field 'response.status' should be a string but is missing");
  });

  it('allows a null previous_item_id', () => {
    const r = parseServerEvent({
      type: 'input_audio_buffer.committed',
      event_id: 'e',
      item_id: 'i',
      previous_item_id: null,
    });
    expect(r.ok).toBe(true);
  });

  // Found by the session fuzzer (issue 11): a finished call without `arguments` was accepted; the
  // session then remembered its call_id as undefined and ran the tool again when the id came back.
  it.each(['call_id', 'name', 'arguments'])(
    'rejects a finished function call without a string %s',
    (field) => {
      const item: Record<string, unknown> = {
        id: 'item_1',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_1',
        name: 'lookup',
        arguments: '{}',
      };
      const event = {
        type: 'response.output_item.done',
        event_id: 'e',
        response_id: 'r',
        output_index: 0,
        item,
      };
      expect(parseServerEvent(event).ok).toBe(true);
      delete item[field];
      const r = parseServerEvent(event);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toContain(`'item.${field}'`);
      item[field] = 7;
      expect(parseServerEvent(event).ok).toBe(false);
    },
  );

  it('does not ask a finished message item for call fields', () => {
    const item = { id: 'item_1', type: 'message', role: 'assistant', content: [] };
    const event = {
      type: 'response.output_item.done',
      event_id: 'e',
      response_id: 'r',
      output_index: 0,
      item,
    };
    expect(parseServerEvent(event).ok).toBe(true);
  });
});
