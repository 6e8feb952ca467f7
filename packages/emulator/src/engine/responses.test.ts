/** Response sequences (protocol §5.9, §6.8): text, function calls, out-of-band, overrides, cancel, items. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { TestClient } from '../test-support.js';

let emu: Emulator;
let c: TestClient;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 15 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
  await c.waitFor('session.created');
  return () => c.close();
});

const say = (text: string) =>
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('responses', () => {
  it('text-only response: text part, output_text deltas, no audio events, consistent usage', async () => {
    say('What is the capital of Norway?');
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await c.waitFor('response.done');
    const types = c.types();
    expect(types.filter((t) => t.includes('audio'))).toEqual([]);
    const part = c.events.find((e) => e.type === 'response.content_part.added')!;
    expect(part.part).toEqual({ type: 'text', text: '' });
    const deltas = c.events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    const textDone = c.events.find((e) => e.type === 'response.output_text.done')!;
    expect(deltas).toBe(textDone.text);
    expect(done.response.output[0].content).toEqual([{ type: 'output_text', text: textDone.text }]);
    const u = done.response.usage;
    expect(u.total_tokens).toBe(u.input_tokens + u.output_tokens);
    expect(u.input_tokens).toBe(u.input_token_details.text_tokens + u.input_token_details.audio_tokens);
    expect(u.output_tokens).toBe(u.output_token_details.text_tokens + u.output_token_details.audio_tokens);
    expect(done.response.output_modalities).toEqual(['text']);
  });

  it('audio response: deltas decode to speech, transcript deltas add up, ids are well formed', async () => {
    say('Hello');
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    const audio = Buffer.concat(
      c.events
        .filter((e) => e.type === 'response.output_audio.delta')
        .map((e) => Buffer.from(e.delta, 'base64')),
    );
    expect(audio.length).toBeGreaterThan(24_000); // > 0.25 s of PCM16 24 kHz
    const transcript = c.events
      .filter((e) => e.type === 'response.output_audio_transcript.delta')
      .map((e) => e.delta)
      .join('');
    expect(transcript).toBe(done.response.output[0].content[0].transcript);
    expect(done.response.id).toMatch(/^resp_[0-9A-Za-z]{21}$/);
    expect(done.response.output[0].id).toMatch(/^item_[0-9A-Za-z]{21}$/);
    expect(done.response.conversation_id).toMatch(/^conv_/);
    expect(new Set(c.events.map((e) => e.event_id)).size).toBe(c.events.length);
    for (const e of c.events) expect(Object.keys(e).slice(0, 2)).toEqual(['type', 'event_id']);
    expect(done.response.usage.output_token_details.audio_tokens).toBe(Math.ceil(audio.length / 2 / 24 / 50));
  });

  it('function call: arguments from the schema, then an answer using the tool output', async () => {
    c.send({ type: 'session.update', session: { type: 'realtime', tools: [weatherTool] } });
    await c.waitFor('session.updated');
    say("What's the weather in Oslo?");
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    const call = done.response.output[0];
    expect(call).toMatchObject({
      type: 'function_call',
      status: 'completed',
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
    expect(call.call_id).toMatch(/^call_[0-9A-Za-z]{16}$/);
    const seq = c.types().filter((t) => t.startsWith('response.') || t.startsWith('conversation.item'));
    expect(seq.slice(2)).toEqual([
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    const deltas = c.events
      .filter((e) => e.type === 'response.function_call_arguments.delta')
      .map((e) => e.delta)
      .join('');
    expect(deltas).toBe(call.arguments);
    c.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":7,"sky":"overcast"}' },
    });
    const added = await c.next('conversation.item.added');
    expect(added.previous_item_id).toBe(call.id);
    c.send({ type: 'response.create' });
    const second = await c.next('response.done');
    expect(second.response.output[0].content[0].transcript).toContain('{"temp_c":7,"sky":"overcast"}');
  });

  it('tool_choice none and tools: [] override disable calls; a forced tool_choice calls that tool', async () => {
    c.send({ type: 'session.update', session: { type: 'realtime', tools: [weatherTool] } });
    await c.waitFor('session.updated');
    say('weather in Rome');
    c.send({ type: 'response.create', response: { tools: [] } });
    expect((await c.next('response.done')).response.output[0].type).toBe('message');
    c.send({ type: 'response.create', response: { tool_choice: 'none' } });
    expect((await c.next('response.done')).response.output[0].type).toBe('message');
    say('hello');
    c.send({ type: 'response.create', response: { tool_choice: { type: 'function', name: 'get_weather' } } });
    expect((await c.next('response.done')).response.output[0].name).toBe('get_weather');
  });

  it('out-of-band response: conversation_id null, metadata echoed, no conversation.item events, runs in parallel', async () => {
    say('classify me');
    await c.waitFor('conversation.item.done');
    const from = c.events.length;
    c.send({
      type: 'response.create',
      response: {
        conversation: 'none',
        output_modalities: ['text'],
        metadata: { purpose: 'classify' },
        instructions: 'One word.',
      },
    });
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const dones = [await c.waitFor('response.done', 5000, from)];
    dones.push(
      await c.waitFor(
        (e) => e.type === 'response.done' && e.response.id !== dones[0]!.response.id,
        5000,
        from,
      ),
    );
    const oob = dones.find((d) => d.response.conversation_id === null)!;
    expect(oob.response.metadata).toEqual({ purpose: 'classify' });
    const created = c.events.find((e) => e.type === 'response.created' && e.response.id === oob.response.id)!;
    expect(created.response.metadata).toEqual({ purpose: 'classify' });
    const oobItem = oob.response.output[0].id;
    expect(c.events.filter((e) => e.type.startsWith('conversation.item') && e.item?.id === oobItem)).toEqual(
      [],
    );
    expect(c.events.some((e) => e.type === 'error')).toBe(false);
  });

  it('response input with item_reference replaces the context; [] means no context', async () => {
    say('first message');
    const first = await c.waitFor('conversation.item.done');
    say('second message');
    await c.next('conversation.item.done');
    c.send({
      type: 'response.create',
      response: {
        conversation: 'none',
        output_modalities: ['text'],
        input: [{ type: 'item_reference', id: first.item.id }],
      },
    });
    expect((await c.next('response.done')).response.output[0].content[0].text).toBe(
      'You said: "first message".',
    );
    c.send({
      type: 'response.create',
      response: { conversation: 'none', output_modalities: ['text'], input: [] },
    });
    expect((await c.next('response.done')).response.output[0].content[0].text).toBe(
      'Hello! How can I help you today?',
    );
  });

  it('response.cancel mid-stream: done cascade with incomplete item and client_cancelled', async () => {
    say('Please tell me a very long story about the sea and the mountains and everything in between');
    c.send({ type: 'response.create' });
    await c.waitFor('response.output_audio_transcript.delta');
    c.send({ type: 'response.cancel' });
    const done = await c.waitFor('response.done');
    expect(done.response.status).toBe('cancelled');
    expect(done.response.status_details).toEqual({ type: 'cancelled', reason: 'client_cancelled' });
    expect(done.response.output[0].status).toBe('incomplete');
    const tail = c.types().slice(-6);
    expect(tail).toEqual([
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
  });

  it('conversation.item.truncate cuts the audio and clears the transcript; retrieve shows it', async () => {
    say('Hello there, please answer with a sentence');
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    const itemId = done.response.output[0].id;
    c.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 500 });
    expect(await c.next('conversation.item.truncated')).toMatchObject({
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 500,
    });
    c.send({ type: 'conversation.item.retrieve', item_id: itemId });
    const item = (await c.next('conversation.item.retrieved')).item;
    expect(item.content[0].type).toBe('output_audio');
    expect(item.content[0].transcript).toBe('');
    expect(Buffer.from(item.content[0].audio, 'base64').length).toBe(500 * 48);
  });

  it('max_output_tokens cuts the answer and marks it incomplete', async () => {
    say('Please repeat this long sentence back to me, word for word, all of it');
    c.send({ type: 'response.create', response: { max_output_tokens: 3, output_modalities: ['text'] } });
    const done = await c.waitFor('response.done');
    expect(done.response.status).toBe('incomplete');
    expect(done.response.status_details).toEqual({ type: 'incomplete', reason: 'max_output_tokens' });
    expect(done.response.output[0].content[0].text.length).toBeLessThanOrEqual(12);
  });

  it('instructions override and session.updated carries the full config', async () => {
    c.send({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'Be brief.', audio: { input: { turn_detection: null } } },
    });
    const updated = await c.waitFor('session.updated');
    expect(updated.session).toMatchObject({
      object: 'realtime.session',
      instructions: 'Be brief.',
      tools: [],
      audio: { input: { turn_detection: null }, output: { voice: 'alloy' } },
    });
    expect(updated.session.id).toMatch(/^sess_/);
  });

  it('items: create with previous_item_id root, retrieve, delete', async () => {
    say('one');
    const one = await c.waitFor('conversation.item.done');
    c.send({
      type: 'conversation.item.create',
      previous_item_id: 'root',
      item: {
        id: 'first_id',
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: 'sys' }],
      },
    });
    const added = await c.next('conversation.item.added');
    expect(added.previous_item_id).toBeNull();
    c.send({ type: 'conversation.item.retrieve', item_id: one.item.id });
    expect((await c.next('conversation.item.retrieved')).item.content[0].text).toBe('one');
    c.send({ type: 'conversation.item.delete', item_id: 'first_id' });
    expect((await c.next('conversation.item.deleted')).item_id).toBe('first_id');
    say('two');
    expect((await c.next('conversation.item.added')).previous_item_id).toBe(one.item.id);
  });
});
