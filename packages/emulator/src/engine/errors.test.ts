/** The errors of protocol §10 over a real WebSocket, with `error.event_id` echo. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { TestClient } from '../test-support.js';

let emu: Emulator;
let c: TestClient;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 30 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
  await c.waitFor('session.created');
  return () => c.close();
});

async function errorFor(event: Record<string, unknown> | string) {
  const from = c.events.length;
  c.send(event);
  return (await c.waitFor('error', 3000, from)).error;
}

const userText = (text: string, id?: string) => ({
  type: 'conversation.item.create',
  item: { ...(id ? { id } : {}), type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('client event errors', () => {
  it('unknown type → invalid_value listing the supported types', async () => {
    const e = await errorFor({ type: 'response.start', event_id: 'cli_1' });
    expect(e).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_value',
      param: 'type',
      event_id: 'cli_1',
    });
    expect(e.message).toMatch(/^Invalid value: 'response.start'\. Supported values are: 'session.update', /);
  });

  it('invalid JSON → invalid_json and the session stays usable', async () => {
    const e = await errorFor('{"type": nope');
    expect(e).toMatchObject({ code: 'invalid_json', event_id: null });
    const from = c.events.length;
    c.send(userText('still here'));
    expect((await c.waitFor('conversation.item.done', 3000, from)).item.content[0].text).toBe('still here');
  });

  it('missing type, non-object and unknown fields', async () => {
    expect(await errorFor({ event_id: 'x' })).toMatchObject({
      code: 'invalid_event',
      message: "The 'type' field is missing.",
      event_id: 'x',
    });
    expect((await errorFor('[1,2]')).code).toBe('invalid_event');
    expect(await errorFor({ type: 'response.cancel', foo: 1 })).toMatchObject({
      code: 'unknown_parameter',
      param: 'foo',
    });
  });

  it('session.update without session.type → missing_required_parameter, no session.updated', async () => {
    const e = await errorFor({ type: 'session.update', event_id: 'u1', session: { instructions: 'x' } });
    expect(e).toMatchObject({
      code: 'missing_required_parameter',
      param: 'session.type',
      message: "Missing required parameter: 'session.type'.",
      event_id: 'u1',
    });
    expect(c.types()).not.toContain('session.updated');
  });

  it('beta fields → unknown_parameter and the whole update is rejected', async () => {
    const e = await errorFor({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'new', modalities: ['text'] },
    });
    expect(e).toMatchObject({
      code: 'unknown_parameter',
      message: "Unknown parameter: 'session.modalities'.",
    });
    const from = c.events.length;
    c.send({ type: 'session.update', session: { type: 'realtime' } });
    const updated = await c.waitFor('session.updated', 3000, from);
    expect(updated.session.instructions).not.toBe('new');
    expect(updated.event_id).toMatch(/^event_/);
  });

  it('out-of-range values are rejected with the param', async () => {
    const e = await errorFor({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', threshold: 1.5 } } },
      },
    });
    expect(e.param).toBe('session.audio.input.turn_detection.threshold');
    expect((await errorFor({ type: 'session.update', session: { type: 'transcription' } })).message).toBe(
      'Passing a transcription session update event to a realtime session is not allowed.',
    );
  });

  it('unknown item ids for retrieve, delete, truncate', async () => {
    expect(
      await errorFor({ type: 'conversation.item.retrieve', item_id: 'nope', event_id: 'r' }),
    ).toMatchObject({ code: 'item_not_found', event_id: 'r' });
    expect((await errorFor({ type: 'conversation.item.delete', item_id: 'nope' })).code).toBe(
      'item_not_found',
    );
    expect(
      (
        await errorFor({
          type: 'conversation.item.truncate',
          item_id: 'nope',
          content_index: 0,
          audio_end_ms: 0,
        })
      ).code,
    ).toBe('item_truncate_invalid_item_id');
  });

  it('item id longer than 32 chars, duplicate ids, bad previous_item_id', async () => {
    const long = 'x'.repeat(39);
    expect((await errorFor(userText('hi', long))).message).toBe(
      "Invalid 'item.id': string too long. Expected a string with maximum length 32, but got a string with length 39 instead.",
    );
    c.send(userText('hi', 'my_item'));
    await c.waitFor('conversation.item.done');
    expect((await errorFor(userText('again', 'my_item'))).param).toBe('item.id');
    expect((await errorFor({ ...userText('x'), previous_item_id: 'ghost' })).code).toBe(
      'item_create_invalid_previous_item_id',
    );
  });

  it('function_call_output for an unknown call_id is rejected', async () => {
    const e = await errorFor({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_nope', output: '{}' },
    });
    expect(e.param).toBe('item.call_id');
  });

  it('second response.create while one is active → conversation_already_has_active_response', async () => {
    c.send(userText('tell me something long please'));
    c.send({ type: 'response.create', event_id: 'first' });
    const created = await c.waitFor('response.created');
    const e = await errorFor({ type: 'response.create', event_id: 'second' });
    expect(e).toMatchObject({ code: 'conversation_already_has_active_response', event_id: 'second' });
    expect(e.message).toBe(
      `Conversation already has an active response in progress: ${created.response.id}. Wait until the response is finished before creating a new one.`,
    );
    await c.waitFor('response.done', 8000);
  });

  it('response.cancel with nothing active → response_cancel_not_active', async () => {
    expect(await errorFor({ type: 'response.cancel', event_id: 'c1' })).toMatchObject({
      code: 'response_cancel_not_active',
      message: 'Cancellation failed: no active response found',
      event_id: 'c1',
    });
  });

  it('commit of < 100 ms → input_audio_buffer_commit_empty, no committed', async () => {
    const e = await errorFor({ type: 'input_audio_buffer.commit' });
    expect(e).toMatchObject({
      code: 'input_audio_buffer_commit_empty',
      message:
        'Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio.',
    });
    c.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(1200 * 2).toString('base64') }); // 50 ms at 24 kHz
    const e2 = await errorFor({ type: 'input_audio_buffer.commit' });
    expect(e2.message).toContain('buffer only has 50.00ms');
    expect(c.types()).not.toContain('input_audio_buffer.committed');
  });

  it('truncating a user item or beyond the audio fails with the observed messages', async () => {
    c.send(userText('hi', 'u1'));
    await c.waitFor('conversation.item.done');
    expect(
      (
        await errorFor({
          type: 'conversation.item.truncate',
          item_id: 'u1',
          content_index: 0,
          audio_end_ms: 0,
        })
      ).message,
    ).toBe('Only model output audio messages can be truncated');
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done', 8000);
    const itemId = done.response.output[0].id;
    const e = await errorFor({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 999_999,
    });
    expect(e).toMatchObject({ code: 'invalid_value', param: 'audio_end_ms' });
    expect(e.message).toMatch(/^Audio content of \d+ms is already shorter than 999999ms$/);
  });

  it('cannot_update_voice after assistant audio; same voice is fine', async () => {
    c.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'marin' } } } });
    await c.waitFor('session.updated');
    c.send(userText('hi'));
    c.send({ type: 'response.create' });
    await c.waitFor('response.done', 8000);
    const e = await errorFor({
      type: 'session.update',
      event_id: 'v',
      session: { type: 'realtime', instructions: 'x', audio: { output: { voice: 'cedar' } } },
    });
    expect(e).toMatchObject({
      code: 'cannot_update_voice',
      message: "Cannot update a conversation's voice if assistant audio is present.",
      event_id: 'v',
    });
    const from = c.events.length;
    c.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'marin' } } } });
    expect((await c.waitFor('session.updated', 3000, from)).session.audio.output.voice).toBe('marin');
  });

  it('output_audio_buffer.clear on a WebSocket session is an error', async () => {
    expect((await errorFor({ type: 'output_audio_buffer.clear' })).message).toContain(
      'only supported for WebRTC and SIP',
    );
  });
});
