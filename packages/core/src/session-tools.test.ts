import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { type ProtocolError, ToolError } from './errors.js';
import { connectScripted } from './testing/connect-scripted.js';
import { tool } from './tool.js';

const weather = tool({
  name: 'get_weather',
  description: 'Weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}`,
});
const time = tool({
  name: 'get_time',
  description: 'Time',
  parameters: z.object({}),
  execute: () => '12:00',
});
let slowRelease: (() => void) | null = null;
const slow = tool({
  name: 'slow',
  description: 'Slow',
  parameters: z.object({}),
  execute: () =>
    new Promise<string>((r) => {
      slowRelease = () => r('done');
    }),
});
const agent = new RealtimeAgent({ name: 'A', tools: [weather, time, slow] });

const outputs = (t: { sentOf(type: 'conversation.item.create'): Array<{ item: unknown }> }) =>
  t
    .sentOf('conversation.item.create')
    .map((e) => e.item as { type: string; call_id?: string; output?: string })
    .filter((i) => i.type === 'function_call_output');

describe('tool calls', () => {
  it('runs a tool, sends its output, then one response.create after response.done', async () => {
    const { transport, script, feed, settle, of } = await connectScripted(agent);
    const r = script.functionCalls([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
    feed(r.events);
    await settle();
    expect(outputs(transport)).toEqual([
      { type: 'function_call_output', call_id: r.callIds[0], output: 'Sunny in Oslo' },
    ]);
    expect(transport.sentOf('response.create')).toHaveLength(1);
    expect(of('tool_start')[0]).toMatchObject({ toolName: 'get_weather', arguments: { city: 'Oslo' } });
    expect(of('tool_end')[0]).toMatchObject({ toolName: 'get_weather', output: 'Sunny in Oslo', ok: true });
  });

  it('several tool calls in one response → every output, then exactly one response.create', async () => {
    const { transport, script, feed, settle } = await connectScripted(agent);
    feed(
      script.functionCalls([
        { name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { name: 'get_time', arguments: '{}' },
        { name: 'get_weather', arguments: '{"city":"Rome"}' },
      ]).events,
    );
    await settle();
    expect(outputs(transport).map((o) => o.output)).toEqual(['Sunny in Oslo', '12:00', 'Sunny in Rome']);
    expect(transport.sentOf('response.create')).toHaveLength(1);
    const order = transport.sent.map((e) => e.type);
    expect(order.lastIndexOf('conversation.item.create')).toBeLessThan(order.indexOf('response.create'));
  });

  it('tool output while the response is still active: output goes out, response.create waits for response.done', async () => {
    const { transport, script, feed, settle } = await connectScripted(agent);
    const r = script.functionCalls([{ name: 'get_time', arguments: '{}' }]);
    const doneIdx = r.events.findIndex((e) => (e as { type: string }).type === 'response.done');
    feed(r.events.slice(0, doneIdx));
    await settle();
    expect(outputs(transport)).toHaveLength(1);
    expect(transport.sentOf('response.create')).toHaveLength(0);
    feed(r.events.slice(doneIdx));
    await settle();
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('waits for a slow tool before asking for the follow-up response', async () => {
    const { transport, script, feed, settle } = await connectScripted(agent);
    feed(
      script.functionCalls([
        { name: 'get_time', arguments: '{}' },
        { name: 'slow', arguments: '{}' },
      ]).events,
    );
    await settle();
    expect(outputs(transport)).toHaveLength(1);
    expect(transport.sentOf('response.create')).toHaveLength(0);
    slowRelease?.();
    await settle();
    expect(outputs(transport)).toHaveLength(2);
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('never sends response.create while a response is active; a request during it is sent after', async () => {
    const { session, transport, script, feed, settle } = await connectScripted(agent);
    await session.sendText('first');
    expect(transport.sentOf('response.create')).toHaveLength(1);
    const r = script.spoken('answer', { done: false });
    feed(r.events);
    await session.sendText('second');
    await session.sendText('third');
    expect(transport.sentOf('response.create')).toHaveLength(1);
    feed([
      script.event('response.done', {
        response: script.response(r.responseId, 'completed', [], script.usage()),
      }),
    ]);
    await settle();
    expect(transport.sentOf('response.create')).toHaveLength(2);
  });

  it('retries after conversation_already_has_active_response once the other response is done', async () => {
    const { session, transport, script, feed } = await connectScripted(agent);
    await session.sendText('hi');
    const createId = transport.sentOf('response.create')[0]!.event_id;
    const vad = script.spoken('vad reply', { done: false });
    feed([
      script.event('error', {
        error: {
          type: 'invalid_request_error',
          code: 'conversation_already_has_active_response',
          message: 'busy',
          param: null,
          event_id: createId,
        },
      }),
    ]);
    feed(vad.events);
    expect(transport.sentOf('response.create')).toHaveLength(1);
    feed([script.event('response.done', { response: script.response(vad.responseId, 'completed') })]);
    expect(transport.sentOf('response.create')).toHaveLength(2);
  });

  it('unknown tool → output naming the available tools + ToolError(unknown_tool)', async () => {
    const { transport, script, feed, settle, of } = await connectScripted(agent);
    feed(script.functionCalls([{ name: 'launch_rocket', arguments: '{}' }]).events);
    await settle();
    expect(outputs(transport)[0]?.output).toContain(
      "no tool named 'launch_rocket'. Available tools: get_weather, get_time, slow",
    );
    expect((of('error')[0]!.error as ToolError).code).toBe('unknown_tool');
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', '{"city":', 'invalid_json', 'not valid JSON'],
    ['schema failure', '{"town":"Oslo"}', 'invalid_arguments', 'city: got undefined, expected string'],
    ['wrong type', '{"city":7}', 'invalid_arguments', 'city: got 7, expected string'],
  ])('%s → readable output + ToolError(%s) and no crash', async (_n, args, code, text) => {
    const { transport, script, feed, settle, of } = await connectScripted(agent);
    feed(script.functionCalls([{ name: 'get_weather', arguments: args }]).events);
    await settle();
    expect(outputs(transport)[0]?.output).toContain(text);
    const err = of('error')[0]?.error as ToolError;
    expect(err).toBeInstanceOf(ToolError);
    expect(err.code).toBe(code);
    expect(of('tool_end')[0]).toMatchObject({ ok: false });
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('a throwing tool → output + error event, the loop keeps going', async () => {
    const boom = tool({
      name: 'boom',
      description: '',
      parameters: z.object({}),
      execute: () => {
        throw new Error('kaput');
      },
    });
    const { transport, script, feed, settle, of } = await connectScripted(
      new RealtimeAgent({ name: 'B', tools: [boom] }),
    );
    feed(script.functionCalls([{ name: 'boom', arguments: '{}' }]).events);
    await settle();
    expect(outputs(transport)[0]?.output).toBe("Error: 'boom' failed: kaput");
    expect((of('error')[0]!.error as ToolError).code).toBe('tool_failed');
  });

  it('a tool that times out → output saying so', async () => {
    const hang = tool({
      name: 'hang',
      description: '',
      parameters: z.object({}),
      timeoutMs: 10,
      execute: () => new Promise(() => {}),
    });
    const { transport, script, feed, of } = await connectScripted(
      new RealtimeAgent({ name: 'B', tools: [hang] }),
    );
    feed(script.functionCalls([{ name: 'hang', arguments: '{}' }]).events);
    // the 10 ms timer ends it whenever the timer gets to run
    await vi.waitFor(() => expect(of('tool_end')).toHaveLength(1));
    expect(outputs(transport)[0]?.output).toContain('timed out after 10 ms');
    expect((of('error')[0]!.error as ToolError).code).toBe('timeout');
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it("timeoutBehavior 'raise': the timeout is an error event only; no output, no new response", async () => {
    const hang = tool({
      name: 'hang',
      description: '',
      parameters: z.object({}),
      timeoutMs: 10,
      timeoutBehavior: 'raise',
      execute: () => new Promise(() => {}),
    });
    const { transport, script, feed, of } = await connectScripted(
      new RealtimeAgent({ name: 'B', tools: [hang] }),
    );
    feed(script.functionCalls([{ name: 'hang', arguments: '{}' }]).events);
    await vi.waitFor(() => expect(of('tool_end')).toHaveLength(1));
    expect(of('tool_end')[0]).toMatchObject({ ok: false, output: "Error: 'hang' timed out after 10 ms." });
    expect((of('error')[0]!.error as ToolError).code).toBe('timeout');
    expect(outputs(transport)).toEqual([]);
    expect(transport.sentOf('response.create')).toEqual([]);
    expect(() =>
      tool({
        name: 'x',
        description: '',
        parameters: z.object({}),
        execute: () => 1,
        timeoutBehavior: 'throw' as never,
      }),
    ).toThrow(/tool 'x': timeoutBehavior must be 'error_as_result' or 'raise', got "throw"/);
  });

  it('duplicate call_id with the same arguments runs once, silently', async () => {
    let runs = 0;
    const count = tool({ name: 'count', description: '', parameters: z.object({}), execute: () => ++runs });
    const { script, feed, settle, of } = await connectScripted(
      new RealtimeAgent({ name: 'B', tools: [count] }),
    );
    feed(script.functionCalls([{ name: 'count', arguments: '{}', callId: 'call_dup' }]).events);
    feed(script.functionCalls([{ name: 'count', arguments: '{}', callId: 'call_dup' }]).events);
    await settle();
    expect(runs).toBe(1);
    expect(of('error')).toHaveLength(0);
  });

  it('duplicate call_id with different arguments is a protocol error and never runs twice', async () => {
    let runs = 0;
    const count = tool({
      name: 'count',
      description: '',
      parameters: z.object({ n: z.number() }),
      execute: () => ++runs,
    });
    const { script, feed, settle, of } = await connectScripted(
      new RealtimeAgent({ name: 'B', tools: [count] }),
    );
    feed(script.functionCalls([{ name: 'count', arguments: '{"n":1}', callId: 'call_dup' }]).events);
    feed(script.functionCalls([{ name: 'count', arguments: '{"n":2}', callId: 'call_dup' }]).events);
    await settle();
    expect(runs).toBe(1);
    const err = of('error')[0]?.error as ProtocolError;
    expect(err.code).toBe('duplicate_call_id');
  });

  it('passes the user context to tools', async () => {
    const who = tool<z.ZodObject<Record<string, never>>, { user: string }>({
      name: 'who',
      description: '',
      parameters: z.object({}),
      execute: (_a, ctx) => ctx.context.user,
    });
    const { transport, script, feed, settle } = await connectScripted(
      new RealtimeAgent<{ user: string }>({ name: 'B', tools: [who] }),
      {},
      {},
      { user: 'Ada' },
    );
    feed(script.functionCalls([{ name: 'who', arguments: '{}' }]).events);
    await settle();
    expect(outputs(transport)[0]?.output).toBe('Ada');
  });

  it('a tool result arriving after close is dropped, not sent', async () => {
    const { session, transport, script, feed, settle } = await connectScripted(agent);
    feed(script.functionCalls([{ name: 'slow', arguments: '{}' }]).events);
    await settle();
    session.close();
    slowRelease?.();
    await settle();
    expect(outputs(transport)).toHaveLength(0);
  });
});

describe('tool approval', () => {
  const book = tool({
    name: 'book_table',
    description: 'Book',
    parameters: z.object({ name: z.string(), time: z.string() }),
    needsApproval: true,
    execute: ({ name, time }) => `Booked for ${name} at ${time}`,
  });
  const a = new RealtimeAgent({ name: 'Host', tools: [book] });

  it('asks, waits, runs on approve', async () => {
    const { session, transport, script, feed, settle, of } = await connectScripted(a);
    const r = script.functionCalls([{ name: 'book_table', arguments: '{"name":"Ada","time":"7pm"}' }]);
    feed(r.events);
    await settle();
    expect(of('tool_approval_requested')[0]).toMatchObject({
      toolName: 'book_table',
      callId: r.callIds[0],
      arguments: { name: 'Ada', time: '7pm' },
    });
    expect(outputs(transport)).toHaveLength(0);
    expect(transport.sentOf('response.create')).toHaveLength(0);
    session.approveTool(r.callIds[0]!);
    await settle();
    expect(outputs(transport)[0]?.output).toBe('Booked for Ada at 7pm');
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('rejects with a message the model can read', async () => {
    const { session, transport, script, feed, settle, of } = await connectScripted(a);
    const r = script.functionCalls([{ name: 'book_table', arguments: '{"name":"Ada","time":"7pm"}' }]);
    feed(r.events);
    await settle();
    session.rejectTool(r.callIds[0]!, 'restaurant is closed');
    await settle();
    expect(outputs(transport)[0]?.output).toContain('restaurant is closed');
    expect((of('error')[0]!.error as ToolError).code).toBe('rejected');
    expect(of('tool_start')).toHaveLength(0);
  });

  it('approving an unknown call id throws a clear ToolError', async () => {
    const { session } = await connectScripted(a);
    expect(() => session.approveTool('call_nope')).toThrow(/No tool call 'call_nope' is waiting/);
  });
});
