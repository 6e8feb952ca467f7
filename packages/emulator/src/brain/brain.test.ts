import type { Item } from '@realtime-agents/core/protocol';
import { describe, expect, it } from 'vitest';
import type { BrainInput, ProtocolTool } from './brain.js';
import { createDefaultBrain, isPlaceholder } from './default-brain.js';
import { argumentsFromSchema } from './schema-args.js';
import { createScriptBrain, parseScript } from './script-brain.js';

const user = (text: string, id = `u${Math.random()}`): Item => ({
  id,
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});
const tool = (
  name: string,
  description: string,
  properties: Record<string, unknown> = {},
  required: string[] = [],
): ProtocolTool => ({
  type: 'function',
  name,
  description,
  parameters: { type: 'object', properties, required },
});
const input = (
  conversation: Item[],
  tools: ProtocolTool[] = [],
  extra: Partial<BrainInput> = {},
): BrainInput => ({
  conversation,
  tools,
  toolChoice: 'auto',
  instructions: '',
  metadata: null,
  ...extra,
});

describe('argumentsFromSchema', () => {
  const schema = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
    type: 'object',
    properties,
    required,
  });
  it.each([
    ['weather in Paris', { city: { type: 'string' } }, { city: 'Paris' }],
    ["What's the weather in New York today?", { location: { type: 'string' } }, { location: 'New York' }],
    ['book a table for 4 people', { party_size: { type: 'integer' } }, { party_size: 4 }],
    [
      'convert to celsius',
      { unit: { type: 'string', enum: ['fahrenheit', 'celsius'] } },
      { unit: 'celsius' },
    ],
    ['status of order #A1234', { order_id: { type: 'string' } }, { order_id: 'A1234' }],
    ['email me at bob@example.com', { email: { type: 'string' } }, { email: 'bob@example.com' }],
  ])('%s', (text, properties, expected) => {
    expect(argumentsFromSchema(schema(properties), text)).toEqual(expected);
  });

  it('fills optional properties only when the text supplies them', () => {
    const s = {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    };
    expect(argumentsFromSchema(s, 'weather in Rome')).toEqual({ city: 'Rome' });
    expect(argumentsFromSchema(s, 'weather in Rome for 3 days')).toEqual({ city: 'Rome', days: 3 });
  });
});

describe('default brain', () => {
  const brain = createDefaultBrain();
  const weather = tool('get_weather', 'Get the current weather for a city', { city: { type: 'string' } }, [
    'city',
  ]);
  const orders = tool(
    'lookup_order',
    'Look up the shipping status of a customer order',
    { order_id: { type: 'string' } },
    ['order_id'],
  );
  const spanish = tool('transfer_to_spanish_agent', 'Handoff to the Spanish agent.');

  it('quotes the user when nothing matches', async () => {
    expect(await brain.respond(input([user('Good morning')], [weather]))).toEqual({
      outputs: [{ type: 'message', text: 'You said: "Good morning".' }],
    });
  });

  it('"what did I say before?" is answered from the conversation (re-seeded items included)', async () => {
    const said = (t: string) => ({ type: 'message', text: t });
    expect(
      (await brain.respond(input([user('My name is Ada'), user('What did I say before?')], [weather])))
        .outputs,
    ).toEqual([said('Before that you said: "My name is Ada".')]);
    expect((await brain.respond(input([user('what did I just say')], []))).outputs).toEqual([
      said('You have not said anything before this.'),
    ]);
  });

  it('calls the tool the user asks for, by name words or description', async () => {
    expect(
      (await brain.respond(input([user('weather in Paris please')], [weather, orders]))).outputs[0],
    ).toEqual({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
    expect(
      (await brain.respond(input([user('Where is my order 5521?')], [weather, orders]))).outputs[0],
    ).toMatchObject({ name: 'lookup_order', arguments: '{"order_id":"5521"}' });
  });

  it('hands off when the user asks for the agent or its language', async () => {
    for (const text of ['Can I speak Spanish?', '¿Hablas español?', 'transfer me to the spanish agent']) {
      expect((await brain.respond(input([user(text)], [weather, spanish]))).outputs[0]).toMatchObject({
        name: 'transfer_to_spanish_agent',
        arguments: '{}',
      });
    }
  });

  it('answers from the tool output after function_call_output', async () => {
    const conv: Item[] = [
      user('weather in Paris'),
      {
        id: 'f',
        type: 'function_call',
        name: 'get_weather',
        call_id: 'call_1',
        arguments: '{"city":"Paris"}',
      },
      { id: 'o', type: 'function_call_output', call_id: 'call_1', output: 'Sunny, 22C' },
    ];
    expect((await brain.respond(input(conv, [weather]))).outputs).toEqual([
      { type: 'message', text: 'Here is what get_weather returned: Sunny, 22C' },
    ]);
  });

  it('never calls tools with tool_choice none; required forces one', async () => {
    expect(
      (await brain.respond(input([user('weather in Paris')], [weather], { toolChoice: 'none' }))).outputs[0]!
        .type,
    ).toBe('message');
    expect(
      (await brain.respond(input([user('hi')], [weather], { toolChoice: 'required' }))).outputs[0]!.type,
    ).toBe('function_call');
  });

  it('does not invent words for untranscribed audio', async () => {
    expect(isPlaceholder('[speech 1.4 s]')).toBe(true);
    const text = (await brain.respond(input([user('[speech 1.4 s]')]))).outputs[0];
    expect(text).toEqual({
      type: 'message',
      text: "I heard you speak, but this emulator has no transcriber, so I can't tell what you said.",
    });
  });
});

describe('script brain', () => {
  it('plays turns in order with matching, actions and fallback', async () => {
    const script = parseScript([
      { match: 'hello', respond: { text: 'Hi from the script' } },
      {
        match: '/weather in (\\w+)/i',
        respond: [{ delay: 50 }, { function_call: { name: 'get_weather', arguments: { city: 'Oslo' } } }],
      },
      { respond: { handoff: 'Spanish' } },
      { respond: { error: { code: 'boom', message: 'scripted failure' } } },
    ]);
    const brain = createScriptBrain(script);
    expect(await brain.respond(input([user('hello there')]))).toEqual({
      outputs: [{ type: 'message', text: 'Hi from the script' }],
    });
    expect(await brain.respond(input([user('weather in Oslo?')]))).toEqual({
      delayMs: 50,
      outputs: [{ type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
    });
    expect(
      (await brain.respond(input([user('x')], [tool('transfer_to_spanish', '')]))).outputs[0],
    ).toMatchObject({ name: 'transfer_to_spanish' });
    expect((await brain.respond(input([user('x')]))).error).toEqual({
      code: 'boom',
      message: 'scripted failure',
    });
    expect((await brain.respond(input([user('more')]))).outputs[0]).toEqual({
      type: 'message',
      text: 'You said: "more".',
    });
  });

  it('rejects malformed scripts with a clear message', () => {
    expect(() => parseScript({})).toThrow('Script must be an array of turns');
    expect(() => parseScript([{ match: 'x' }])).toThrow('Script turn 0 has no "respond"');
    expect(() => parseScript([{ respond: { sing: 'la' } }])).toThrow('Script turn 0: unknown action');
  });
});
