/**
 * Script mode and custom brains end to end over a real WebSocket: a script passed to
 * `startEmulator` as an object/array (match skipping, function calls and their follow-up, handoffs,
 * delays, several actions in one turn, both fallbacks, malformed scripts) and `startEmulator({ brain })`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator.js';
import { TestClient, type WireEvent } from '../test-support.js';
import type { Brain, BrainInput } from './brain.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function emulator(options: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 5, ...options });
  cleanup.push(() => emu.close());
  return emu;
}

/** A connected client with a text-only session (and the given tools). */
async function client(emu: Emulator, session: Record<string, unknown> = {}): Promise<TestClient> {
  const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
  cleanup.push(() => c.close());
  await c.waitFor('session.created');
  const from = c.events.length;
  c.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], ...session } });
  await c.waitFor('session.updated', 5000, from);
  return c;
}

function say(c: TestClient, text: string): void {
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
}

/** Send `response.create` and return its `response.done` plus every event of that response. */
async function respond(
  c: TestClient,
  response?: Record<string, unknown>,
): Promise<{ done: WireEvent; events: WireEvent[] }> {
  const from = c.events.length;
  c.send(response ? { type: 'response.create', response } : { type: 'response.create' });
  const done = await c.waitFor('response.done', 5000, from);
  return { done, events: c.events.slice(from, c.events.indexOf(done) + 1) };
}

/** The text of each message output of a finished response. */
const texts = (done: WireEvent): string[] =>
  done.response.output
    .filter((o: WireEvent) => o.type === 'message')
    .map((o: WireEvent) => o.content[0].text);

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('script passed to startEmulator as an object', () => {
  it('a turn with `match` is skipped while the user text does not match, used once it does', async () => {
    const emu = await emulator({
      script: {
        turns: [
          { match: '/weather in (\\w+)/i', respond: { text: 'Sunny in the script.' } },
          { match: 'bye', respond: { text: 'Scripted goodbye.' } },
        ],
      },
    });
    const c = await client(emu);
    say(c, 'hello there');
    // No turn matches: the default brain answers and no turn is consumed.
    expect(texts((await respond(c)).done)).toEqual(['You said: "hello there".']);
    say(c, 'What is the WEATHER IN Oslo?');
    expect(texts((await respond(c)).done)).toEqual(['Sunny in the script.']);
    say(c, 'OK, BYE now'); // substring match is case-insensitive
    expect(texts((await respond(c)).done)).toEqual(['Scripted goodbye.']);
    say(c, 'bye');
    // Every turn is used once: the script is exhausted, the default brain answers.
    expect(texts((await respond(c)).done)).toEqual(['You said: "bye".']);

    // Each session plays the script from its start; a later match skips the earlier turns for good.
    const d = await client(emu);
    say(d, 'bye');
    expect(texts((await respond(d)).done)).toEqual(['Scripted goodbye.']);
    say(d, 'weather in Oslo');
    expect(texts((await respond(d)).done)).toEqual(['You said: "weather in Oslo".']);
  });

  it('a bare array of turns works as the script', async () => {
    const emu = await emulator({ script: [{ respond: { text: 'From an array.' } }] });
    const c = await client(emu);
    expect(texts((await respond(c)).done)).toEqual(['From an array.']);
  });

  it('function_call: the item carries name, arguments and call_id; after its output the next turn answers', async () => {
    const emu = await emulator({
      script: [
        {
          match: 'weather',
          respond: { function_call: { name: 'get_weather', arguments: { city: 'Oslo' } } },
        },
        { respond: { text: 'It is 21 degrees in Oslo.' } },
      ],
    });
    const c = await client(emu, { tools: [weatherTool] });
    say(c, 'What is the weather in Oslo?');
    const { done, events } = await respond(c);
    expect(done.response.status).toBe('completed');

    const added = events.find((e) => e.type === 'response.output_item.added')!;
    expect(added.item).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '' });
    const callId = added.item.call_id;
    expect(callId).toMatch(/^call_/);
    const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((e) => e.call_id === callId && e.item_id === added.item.id)).toBe(true);
    expect(deltas.map((e) => e.delta).join('')).toBe('{"city":"Oslo"}');
    const argsDone = events.find((e) => e.type === 'response.function_call_arguments.done')!;
    expect(argsDone).toMatchObject({ call_id: callId, name: 'get_weather', arguments: '{"city":"Oslo"}' });

    const itemDone = events.find((e) => e.type === 'response.output_item.done')!;
    const expected = {
      id: added.item.id,
      type: 'function_call',
      status: 'completed',
      name: 'get_weather',
      call_id: callId,
      arguments: '{"city":"Oslo"}',
    };
    expect(itemDone.item).toEqual(expected);
    expect(done.response.output).toEqual([expected]);
    // No message is produced alongside the call.
    expect(events.some((e) => e.type.startsWith('response.output_text'))).toBe(false);

    const from = c.events.length;
    c.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: callId, output: '{"temperature_c":21}' },
    });
    expect((await c.waitFor('conversation.item.done', 5000, from)).item).toMatchObject({
      type: 'function_call_output',
      call_id: callId,
    });
    const next = await respond(c);
    expect(next.done.response.status).toBe('completed');
    expect(texts(next.done)).toEqual(['It is 21 degrees in Oslo.']);
  });

  it('handoff: calls the session tool transfer_to_<agent> (SDK casing), or transfer_to_<snake> without one', async () => {
    const emu = await emulator({
      script: [
        { respond: { handoff: 'Billing Agent' } },
        { respond: { handoff: 'Spanish' } },
        { respond: { handoff: 'Team: Refunds' } },
      ],
    });
    // The Agents SDK names a handoff tool `transfer_to_` + the agent name with non-alphanumerics as `_`,
    // keeping its case (agent "Billing Agent" → transfer_to_Billing_Agent).
    const tools = [
      weatherTool,
      { type: 'function', name: 'transfer_to_Billing_Agent', description: 'Handoff to Billing Agent.' },
      { type: 'function', name: 'transfer_to_spanish_agent', description: 'Handoff to the Spanish agent.' },
      { type: 'function', name: 'transfer_to_Team__Refunds', description: 'Handoff to Team: Refunds.' },
    ];
    const c = await client(emu, { tools });
    say(c, 'I have a question about my invoice');
    const first = await respond(c);
    const call = first.events.find((e) => e.type === 'response.output_item.done')!.item;
    expect(call).toMatchObject({ type: 'function_call', name: 'transfer_to_Billing_Agent', arguments: '{}' });
    expect(call.call_id).toMatch(/^call_/);
    expect(first.done.response.output).toEqual([call]);
    // A tool whose name starts with transfer_to_<snake> is picked when none matches exactly.
    const second = await respond(c);
    expect(second.done.response.output[0]).toMatchObject({
      type: 'function_call',
      name: 'transfer_to_spanish_agent',
    });
    // Each non-alphanumeric character becomes `_`, as in the SDK ("Team: Refunds" → Team__Refunds).
    expect((await respond(c)).done.response.output[0]).toMatchObject({ name: 'transfer_to_Team__Refunds' });

    // Without such a tool the brain still calls transfer_to_<snake>.
    const d = await client(emu, { tools: [weatherTool] });
    say(d, 'billing please');
    expect((await respond(d)).done.response.output[0]).toMatchObject({
      type: 'function_call',
      name: 'transfer_to_billing_agent',
      arguments: '{}',
    });
  });

  it('delay: the response output starts no earlier than the scripted delay', async () => {
    const delay = 400;
    const emu = await emulator({ script: [{ respond: [{ delay }, { text: 'After a pause.' }] }] });
    const c = await client(emu);
    const from = c.events.length;
    const sent = performance.now();
    c.send({ type: 'response.create' });
    await c.waitFor('response.output_item.added', 5000, from);
    const outputAt = performance.now();
    const done = await c.waitFor('response.done', 5000, from);
    expect(texts(done)).toEqual(['After a pause.']);
    // The output waits for the delay (timers never fire early); response.created comes first.
    expect(outputAt - sent).toBeGreaterThanOrEqual(delay - 2);
    expect(outputAt - sent).toBeLessThan(delay + 4000);
    const types = c.types(from);
    expect(types.indexOf('response.created')).toBe(0);
    expect(types.indexOf('response.output_item.added')).toBeGreaterThan(0);
  });

  it('an array of actions in one turn: outputs in order, delays summed, string arguments verbatim', async () => {
    const emu = await emulator({
      script: [
        {
          respond: [
            { text: 'Let me check that.' },
            { delay: 100 },
            { function_call: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
            { delay: 100 },
            { text: 'Still checking.' },
          ],
        },
      ],
    });
    const c = await client(emu, { tools: [weatherTool] });
    say(c, 'weather in Paris?');
    const from = c.events.length;
    const sent = performance.now();
    const { done, events } = await respond(c);
    const doneAt = performance.now();
    expect(done.response.status).toBe('completed');
    const output = done.response.output;
    expect(output.map((o: WireEvent) => o.type)).toEqual(['message', 'function_call', 'message']);
    expect(texts(done)).toEqual(['Let me check that.', 'Still checking.']);
    expect(output[1]).toMatchObject({ name: 'get_weather', arguments: '{"city": "Paris"}' });
    expect(new Set(output.map((o: WireEvent) => o.id)).size).toBe(3);
    const added = events.filter((e) => e.type === 'response.output_item.added');
    expect(added.map((e) => e.output_index)).toEqual([0, 1, 2]);
    expect(c.events.slice(from).some((e) => e.type === 'error')).toBe(false);
    expect(doneAt - sent).toBeGreaterThanOrEqual(200 - 2); // both delays are waited (summed)
  });

  it("fallback 'error': once the turns run out the response fails with script_exhausted", async () => {
    const emu = await emulator({
      script: { turns: [{ match: 'hello', respond: { text: 'Hi!' } }], fallback: 'error' },
    });
    const c = await client(emu);
    say(c, 'hello');
    expect(texts((await respond(c)).done)).toEqual(['Hi!']);
    say(c, 'hello again');
    const from = c.events.length;
    const { done } = await respond(c);
    expect(done.response.status).toBe('failed');
    expect(done.response.output).toEqual([]);
    expect(done.response.status_details.error).toEqual({ type: 'server_error', code: 'script_exhausted' });
    const error = await c.waitFor('error', 5000, from);
    expect(error.error).toMatchObject({
      type: 'server_error',
      code: 'script_exhausted',
      message: 'No script turn matches "hello again"',
    });
    // The session stays usable: the next response fails the same way, it does not hang.
    say(c, 'anyone?');
    expect((await respond(c)).done.response.status_details.error.code).toBe('script_exhausted');
  });

  it("fallback 'error' also applies when turns are left but none matches", async () => {
    const emu = await emulator({
      script: { turns: [{ match: 'weather', respond: { text: 'Sunny.' } }], fallback: 'error' },
    });
    const c = await client(emu);
    say(c, 'hello');
    expect((await respond(c)).done.response.status_details.error.code).toBe('script_exhausted');
    say(c, 'weather?');
    expect(texts((await respond(c)).done)).toEqual(['Sunny.']);
  });

  it('the default fallback hands exhausted scripts to the default brain (tools included)', async () => {
    const emu = await emulator({ script: { turns: [{ respond: { text: 'Only turn.' } }] } });
    const c = await client(emu, { tools: [weatherTool] });
    say(c, 'hi');
    expect(texts((await respond(c)).done)).toEqual(['Only turn.']);
    say(c, 'what is the weather in Oslo?');
    const { done } = await respond(c);
    expect(done.response.status).toBe('completed');
    expect(done.response.output[0]).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
  });

  it('a malformed script is rejected by startEmulator with an error naming the turn', async () => {
    await expect(
      startEmulator({ script: [{ respond: { text: 'ok' } }, { match: 'x' } as never] }),
    ).rejects.toThrow('Script turn 1 has no "respond"');
    await expect(
      startEmulator({ script: { turns: [{ respond: [{ text: 'ok' }, { sing: 'la' } as never] }] } }),
    ).rejects.toThrow('Script turn 0: unknown action {"sing":"la"}');
    await expect(startEmulator({ script: { turns: 'nope' } as never })).rejects.toThrow(
      'Script must be an array of turns or { "turns": [...] }',
    );
    await expect(startEmulator({ script: [null as never] })).rejects.toThrow(
      'Script turn 0 has no "respond"',
    );
  });
});

describe('startEmulator({ brain })', () => {
  it('uses the custom brain for replies and gives it the conversation, instructions, tools and metadata', async () => {
    const inputs: BrainInput[] = [];
    const brain: Brain = {
      async respond(input) {
        inputs.push(input);
        const last = input.conversation.at(-1) as { content?: Array<{ text?: string }> } | undefined;
        await new Promise((r) => setTimeout(r, 5)); // an async brain is awaited
        return {
          outputs: [
            { type: 'message', text: `custom #${inputs.length}: ${last?.content?.[0]?.text ?? '-'}` },
          ],
        };
      },
    };
    // The brain overrides a script given alongside it.
    const emu = await emulator({ brain, script: [{ respond: { text: 'script, not brain' } }] });
    const c = await client(emu, { instructions: 'Be brief.', tools: [weatherTool] });
    say(c, 'ping');
    const { done } = await respond(c, { metadata: { topic: 'test' } });
    expect(done.response.status).toBe('completed');
    expect(texts(done)).toEqual(['custom #1: ping']);

    expect(inputs).toHaveLength(1);
    const input = inputs[0]!;
    expect(input.instructions).toBe('Be brief.');
    expect(input.tools.map((t) => t.name)).toEqual(['get_weather']);
    expect(input.toolChoice).toBe('auto');
    expect(input.metadata).toEqual({ topic: 'test' });
    expect(input.conversation.at(-1)).toMatchObject({
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'ping' }],
    });

    // The same brain object serves every session.
    const d = await client(emu);
    say(d, 'pong');
    expect(texts((await respond(d)).done)).toEqual(['custom #2: pong']);
  });

  it('a custom brain can call functions and fail responses', async () => {
    let n = 0;
    const brain: Brain = {
      respond: () =>
        n++ === 0
          ? { outputs: [{ type: 'function_call', name: 'lookup', arguments: '{"q":1}' }] }
          : { outputs: [], error: { type: 'invalid_request_error', code: 'nope', message: 'Brain says no' } },
    };
    const emu = await emulator({ brain });
    const c = await client(emu);
    expect((await respond(c)).done.response.output[0]).toMatchObject({
      type: 'function_call',
      name: 'lookup',
      arguments: '{"q":1}',
      status: 'completed',
    });
    const from = c.events.length;
    const { done } = await respond(c);
    expect(done.response.status).toBe('failed');
    expect(done.response.status_details.error).toEqual({ type: 'invalid_request_error', code: 'nope' });
    expect((await c.waitFor('error', 5000, from)).error.message).toBe('Brain says no');
  });
});
