// Continuity: a dropped connection is made again, the conversation re-seeded, tools and approvals
// carried over, nothing sent twice; rollover before the time limit; giving up per the policy.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { TransportError } from './errors.js';
import type { ClientEvent } from './protocol/client-events.js';
import { connectScripted } from './testing/connect-scripted.js';
import type { ScriptedTransport } from './testing/scripted-transport.js';
import { tool } from './tool.js';

const fast = { nextDelayMs: ({ attempt }: { attempt: number }) => (attempt <= 3 ? 1 : null) };
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** The client events sent on the connection made by the `n`th connect (1-based). */
function sentAfterConnect(transport: ScriptedTransport, mark: number): ClientEvent[] {
  return transport.sent.slice(mark);
}

const created = (events: ClientEvent[]) =>
  events.filter((e) => e.type === 'conversation.item.create').map((e) => (e as { item: unknown }).item);

describe('reconnect', () => {
  const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Be brief.' });

  it('reconnects after a drop with the same agent, re-seeds the conversation and says so', async () => {
    const { session, transport, script, feed, of } = await connectScripted(agent, { reconnect: fast });
    await session.sendText('My name is Ada');
    feed(script.userText('My name is Ada', 'item_u1'));
    feed(script.spoken('Hello Ada!', { itemId: 'item_a1' }).events);
    const mark = transport.sent.length;

    transport.drop();
    expect(session.closed).toBe(false);
    expect(of('connection').at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, delayMs: 1 });
    await tick();

    expect(transport.connects).toBe(2);
    expect(transport.connectOptions?.session.instructions).toBe('Be brief.');
    expect(of('connection').at(-1)).toMatchObject({ state: 'connected', resumed: true });
    expect(created(sentAfterConnect(transport, mark))).toEqual([
      {
        id: 'item_u1',
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'My name is Ada' }],
      },
      {
        id: 'item_a1',
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Hello Ada!' }],
      },
    ]);
    // nothing else was sent again: no response.create, no second copy of the user message
    expect(sentAfterConnect(transport, mark).filter((e) => e.type !== 'conversation.item.create')).toEqual(
      [],
    );
    expect(of('error')).toHaveLength(0);

    await session.sendText('What is my name?');
    expect(transport.sentOf('response.create')).toHaveLength(2);
  });

  it('records the answer cut by the drop as incomplete, with the part that was heard', async () => {
    const { session, transport, script, feed, of } = await connectScripted(agent, { reconnect: fast });
    const text = 'The weather in Paris is sunny and warm today';
    // 2 s of audio received, 1 s played when the link drops
    const audio = [new Int16Array(24000), new Int16Array(24000)].map((a) =>
      Buffer.from(a.buffer).toString('base64'),
    );
    const r = script.spoken(text, { chunks: 2, audio, done: false });
    // stop before the transcript's done: the response is mid-answer
    feed(r.events.filter((e) => !/done/.test((e as { type: string }).type)));
    transport.play(1000);
    transport.drop();
    await tick();

    const item = session.history.find((h) => h.itemId === r.itemId);
    expect(item).toMatchObject({ status: 'incomplete', text: 'The weather in Paris' });
    expect(of('audio_interrupted').at(-1)).toMatchObject({ itemId: r.itemId, playedMs: 1000 });
    expect(of('agent_end').at(-1)).toMatchObject({ responseId: r.responseId, status: 'incomplete' });
    // the re-seed carries what was heard, and the echo keeps it incomplete
    const seeded = created(transport.sent).at(-1) as { content: { text: string }[] };
    expect(seeded.content[0]?.text).toBe('The weather in Paris');
    feed([
      script.event('conversation.item.added', {
        previous_item_id: null,
        item: {
          id: r.itemId,
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'The weather in Paris is' }],
        },
      }),
    ]);
    expect(session.history.find((h) => h.itemId === r.itemId)).toMatchObject({ status: 'incomplete' });
  });

  it('a user message the server never echoed is sent again on the new connection, once', async () => {
    const { session, transport } = await connectScripted(agent, { reconnect: fast });
    await session.sendText('Are you there?');
    const mark = transport.sent.length;
    transport.drop();
    await tick();
    const again = created(sentAfterConnect(transport, mark));
    expect(again).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Are you there?' }] },
    ]);
    // its response was asked for and never started: asked again, once
    expect(sentAfterConnect(transport, mark).filter((e) => e.type === 'response.create')).toHaveLength(1);
  });

  it('text sent while reconnecting waits and goes out after the re-seed', async () => {
    const slow = { nextDelayMs: ({ attempt }: { attempt: number }) => (attempt === 1 ? 30 : null) };
    const { session, transport } = await connectScripted(agent, { reconnect: slow });
    transport.drop();
    await session.sendText('Hello again');
    const mark = transport.sent.length;
    expect(transport.connects).toBe(1);
    await tick(60);
    expect(created(sentAfterConnect(transport, mark))).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello again' }] },
    ]);
  });

  it("a transport that records the microphone itself: the reconnect's gap is told as a microphone_gap warning", async () => {
    const slow = { nextDelayMs: ({ attempt }: { attempt: number }) => (attempt === 1 ? 40 : null) };
    const { transport, of, events } = await connectScripted(agent, { reconnect: slow });
    transport.capturesMicrophone = true;
    transport.drop();
    await tick(80);
    const gaps = of('warning').filter((w) => w.warning.code === 'microphone_gap');
    expect(gaps).toHaveLength(1);
    const ms = Number(/(\d+) ms/.exec(gaps[0]!.warning.message)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(35);
    expect(ms).toBeLessThan(1000);
    // told before the session says it is connected again, so a UI can show both together
    const order = events.map((e) => e.type);
    expect(order.lastIndexOf('warning')).toBeLessThan(order.lastIndexOf('connection'));
  });

  it('no microphone_gap warning when the transport does not record the microphone (or it was muted)', async () => {
    const { transport, of } = await connectScripted(agent, { reconnect: fast });
    transport.drop();
    await tick(20);
    expect(of('connection').at(-1)).toMatchObject({ state: 'connected', resumed: true });
    expect(of('warning').filter((w) => w.warning.code === 'microphone_gap')).toHaveLength(0);
  });

  it('sendAudio while reconnecting is buffered (bounded) and sent after, with a warning for what did not fit', async () => {
    const slow = { nextDelayMs: ({ attempt }: { attempt: number }) => (attempt === 1 ? 30 : null) };
    const { session, transport, of } = await connectScripted(agent, {
      reconnect: slow,
      reconnectAudioBufferMs: 1000,
    });
    transport.drop();
    for (let i = 0; i < 15; i++) await session.sendAudio(new Int16Array(2400).fill(i)); // 1.5 s
    expect(transport.audioSent).toHaveLength(0);
    await tick(60);
    const samples = transport.audioSent.reduce((n, c) => n + c.length, 0);
    expect(samples).toBe(24000);
    expect(transport.audioSent[0]?.[0]).toBe(5); // the oldest 0.5 s went
    expect(of('warning').at(-1)?.warning).toMatchObject({ code: 'audio_dropped' });
    expect(of('warning').at(-1)?.warning.message).toMatch(/500 ms/);
  });

  it('a drop says disconnected with the reason before the first reconnecting (the README sequence)', async () => {
    const { transport, of } = await connectScripted(agent, { reconnect: fast });
    const reason = new TransportError('connection_lost', 'The network dropped the connection');
    transport.drop(reason);
    await tick();
    const states = of('connection').map((e) => (e.resumed ? 'resumed' : e.state));
    expect(states).toEqual(['disconnected', 'reconnecting', 'resumed']);
    expect(of('connection')[0]!.error).toBe(reason);
    expect(of('error')).toHaveLength(0);
  });

  it('gives up as the policy says: failed, then closed, with the reason', async () => {
    const { session, transport, of } = await connectScripted(agent, { reconnect: fast });
    transport.refuseNext.push(new Error('503'), new Error('503'), new Error('503'));
    transport.drop();
    await tick(30);
    expect(of('connection').filter((e) => e.state === 'reconnecting')).toHaveLength(3);
    expect(of('connection').at(-2)).toMatchObject({ state: 'failed' });
    expect(of('connection').at(-1)).toMatchObject({ state: 'closed' });
    expect(session.closed).toBe(true);
    expect(of('error').at(-1)?.error.message).toMatch(/503/);
  });

  it('does not retry what cannot succeed (a refused key)', async () => {
    const { session, transport, of } = await connectScripted(agent, { reconnect: fast });
    transport.refuseNext.push(new TransportError('unauthorized', 'Incorrect API key'));
    transport.drop();
    await tick(20);
    expect(transport.connects).toBe(2);
    expect(of('connection').at(-2)).toMatchObject({ state: 'failed' });
    expect(session.closed).toBe(true);
  });

  it('close() while reconnecting stops the attempts', async () => {
    const slow = { nextDelayMs: () => 50 };
    const { session, transport } = await connectScripted(agent, { reconnect: slow });
    transport.drop();
    session.close();
    await tick(80);
    expect(transport.connects).toBe(1);
  });

  it('a server session_expired rolls the conversation over without an error', async () => {
    const { session, transport, script, feed, of } = await connectScripted(agent, { reconnect: fast });
    feed(script.userText('Remember the blue door', 'item_u1'));
    feed([
      script.event('error', {
        error: {
          type: 'invalid_request_error',
          code: 'session_expired',
          message: 'Your session hit the maximum duration of 60 minutes.',
          param: null,
          event_id: null,
        },
      }),
    ]);
    await tick();
    expect(of('error')).toHaveLength(0);
    expect(of('warning')[0]?.warning.code).toBe('session_expired');
    expect(of('connection').at(-1)).toMatchObject({ state: 'connected', resumed: true, rollover: true });
    expect(created(transport.sent).at(-1)).toMatchObject({ id: 'item_u1' });
    expect(session.closed).toBe(false);
  });

  it('rolls over proactively, but only once nobody speaks and no response runs', async () => {
    const { session, transport, script, feed, of } = await connectScripted(agent, {
      reconnect: fast,
      rollover: { afterMs: 1000 },
    });
    const r = script.spoken('A long answer', { done: false });
    feed(r.events.filter((e) => (e as { type: string }).type === 'response.created'));
    await tick(1300);
    expect(transport.connects).toBe(1); // a response is running
    feed([script.event('response.done', { response: script.response(r.responseId, 'completed') })]);
    await tick(400);
    expect(transport.connects).toBe(2);
    expect(of('connection').at(-1)).toMatchObject({ state: 'connected', rollover: true });
    expect(session.closed).toBe(false);
  });

  it('the rollover timer alone keeps no Node process alive (the connection does)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const { session } = await connectScripted(agent); // default rollover: 60 min
    expect(timers()).toBe(before);
    session.close();
  });
});

describe('reconnect and tools', () => {
  let release: (v: string) => void = () => {};
  const slowTool = tool({
    name: 'lookup',
    description: 'Slow lookup',
    parameters: z.object({ q: z.string() }),
    execute: () => new Promise<string>((r) => (release = r)),
  });
  let runs = 0;
  const counted = tool({
    name: 'count',
    description: 'Counts its runs',
    parameters: z.object({}),
    execute: () => `run ${++runs}`,
  });
  const book = tool({
    name: 'book',
    description: 'Needs approval',
    parameters: z.object({}),
    needsApproval: true,
    execute: () => 'booked',
  });
  const agent = new RealtimeAgent({ name: 'Tools', tools: [slowTool, counted, book] });

  it('a tool running at the drop finishes; its output goes out once, after the re-seed', async () => {
    const { transport, script, feed, settle } = await connectScripted(agent, { reconnect: fast });
    const r = script.functionCalls([{ name: 'lookup', arguments: '{"q":"x"}', callId: 'call_1' }]);
    feed(r.events);
    await settle();
    transport.drop();
    await tick();
    release('found it');
    await settle();
    const outputs = transport
      .sentOf('conversation.item.create')
      .filter((e) => e.item.type === 'function_call_output');
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.item).toMatchObject({ call_id: 'call_1', output: 'found it' });
    // the call itself was re-seeded before its output
    const order = transport.sent.map((e) => (e.type === 'conversation.item.create' ? e.item.type : e.type));
    expect(order.lastIndexOf('function_call')).toBeLessThan(order.lastIndexOf('function_call_output'));
    expect(transport.sent.at(-1)?.type).toBe('response.create');
  });

  it('a tool output sent just before the drop is replayed with its call, and the tool never runs twice', async () => {
    runs = 0;
    const { transport, script, feed, settle } = await connectScripted(agent, { reconnect: fast });
    const r = script.functionCalls([{ name: 'count', arguments: '{}', callId: 'call_c' }]);
    feed(r.events);
    await settle();
    const mark = transport.sent.length;
    transport.drop();
    await tick();
    feed(r.events); // a duplicate delivery of the same call after the reconnect
    await settle();
    expect(runs).toBe(1);
    const replay = created(sentAfterConnect(transport, mark));
    expect(replay).toEqual([
      { id: expect.any(String), type: 'function_call', call_id: 'call_c', name: 'count', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_c', output: 'run 1' },
    ]);
  });

  it('an approval pending at the drop survives it', async () => {
    const { session, transport, script, feed, settle, of } = await connectScripted(agent, {
      reconnect: fast,
    });
    const r = script.functionCalls([{ name: 'book', arguments: '{}', callId: 'call_b' }]);
    feed(r.events);
    await settle();
    expect(of('tool_approval_requested')).toHaveLength(1);
    transport.drop();
    await tick();
    session.approveTool('call_b');
    await settle();
    const out = transport
      .sentOf('conversation.item.create')
      .filter((e) => e.item.type === 'function_call_output');
    expect(out.map((e) => e.item)).toEqual([
      { type: 'function_call_output', call_id: 'call_b', output: 'booked' },
    ]);
  });
});

describe('reconnect option', () => {
  it('rejects a bad policy with what is allowed', async () => {
    const agent = new RealtimeAgent({ name: 'A' });
    await expect(connectScripted(agent, { reconnect: true as never })).rejects.toThrow(
      /reconnect must be false, or a policy/,
    );
    await expect(connectScripted(agent, { rollover: { afterMs: 5 } })).rejects.toThrow(/rollover/);
  });
});
