// What a port from @openai/agents-realtime reaches for: approvals that stick, the call id in a
// tool's context, and one user message of text and images.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import type { ToolContext } from './context.js';
import type { ToolError } from './errors.js';
import { connectScripted } from './testing/connect-scripted.js';
import { tool } from './tool.js';

const outputs = (t: { sentOf(type: 'conversation.item.create'): Array<{ item: unknown }> }) =>
  t
    .sentOf('conversation.item.create')
    .map((e) => e.item as { type: string; call_id?: string; output?: string })
    .filter((i) => i.type === 'function_call_output');

const seenCallIds: string[] = [];
const book = tool({
  name: 'book_table',
  description: 'Book',
  parameters: z.object({ name: z.string() }),
  needsApproval: (_args, ctx) => {
    seenCallIds.push(`approval:${ctx.callId}`);
    return true;
  },
  execute: ({ name }, ctx: ToolContext) => {
    seenCallIds.push(`execute:${ctx.callId}`);
    return `Booked for ${name}`;
  },
});
const cancel = tool({
  name: 'cancel_table',
  description: 'Cancel',
  parameters: z.object({}),
  needsApproval: true,
  execute: () => 'Cancelled',
});
const host = new RealtimeAgent({ name: 'Host', tools: [book, cancel] });
const call = (name: string, args = '{}') => ({ name, arguments: args });

describe('approvals that stick', () => {
  it('approveTool(id, { always: true }) runs later calls of that tool without asking; other tools still ask', async () => {
    const { session, transport, script, feed, settle, of } = await connectScripted(host);
    const first = script.functionCalls([call('book_table', '{"name":"Ada"}')]);
    feed(first.events);
    await settle();
    session.approveTool(first.callIds[0]!, { always: true });
    await settle();
    const second = script.functionCalls([call('book_table', '{"name":"Bo"}'), call('cancel_table')]);
    feed(second.events);
    await settle();
    expect(of('tool_approval_requested').map((e) => e.toolName)).toEqual(['book_table', 'cancel_table']);
    expect(outputs(transport).map((o) => o.output)).toEqual(['Booked for Ada', 'Booked for Bo']);
    session.approveTool(second.callIds[1]!);
    await settle();
    expect(outputs(transport).map((o) => o.output)).toEqual(['Booked for Ada', 'Booked for Bo', 'Cancelled']);
  });

  it('rejectTool(id, { message, always: true }) refuses later calls with the same message; a plain string still works', async () => {
    const { session, transport, script, feed, settle, of } = await connectScripted(host);
    const first = script.functionCalls([call('cancel_table')]);
    feed(first.events);
    await settle();
    session.rejectTool(first.callIds[0]!, { message: 'bookings are final', always: true });
    await settle();
    feed(script.functionCalls([call('cancel_table')]).events);
    await settle();
    expect(of('tool_approval_requested')).toHaveLength(1);
    expect(outputs(transport).map((o) => o.output)).toEqual([
      "The user declined to run 'cancel_table': bookings are final. Do not retry it unless they ask.",
      "The user declined to run 'cancel_table': bookings are final. Do not retry it unless they ask.",
    ]);
    expect(of('error').map((e) => (e.error as ToolError).code)).toEqual(['rejected', 'rejected']);

    const again = script.functionCalls([call('book_table', '{"name":"Cy"}')]);
    feed(again.events);
    await settle();
    session.rejectTool(again.callIds[0]!, 'not now');
    await settle();
    expect(outputs(transport).at(-1)?.output).toContain("'book_table': not now");
    feed(script.functionCalls([call('book_table', '{"name":"Cy"}')]).events);
    await settle();
    expect(of('tool_approval_requested').map((e) => e.toolName)).toEqual([
      'cancel_table',
      'book_table',
      'book_table',
    ]);
  });
});

describe('callId in the tool context', () => {
  it('needsApproval and execute see the call id of the call they run', async () => {
    seenCallIds.length = 0;
    const { session, script, feed, settle } = await connectScripted(host);
    const r = script.functionCalls([call('book_table', '{"name":"Ada"}')]);
    feed(r.events);
    await settle();
    session.approveTool(r.callIds[0]!);
    await settle();
    expect(seenCallIds).toEqual([`approval:${r.callIds[0]}`, `execute:${r.callIds[0]}`]);
  });
});

describe('sendMessage()', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';

  it('sends text and images as one user item, then asks for an answer', async () => {
    const { session, transport } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    await session.sendMessage({ text: 'What is on these?', images: [png, png] });
    expect(transport.sentOf('conversation.item.create').map((e) => e.item)).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is on these?' },
          { type: 'input_image', image_url: png },
          { type: 'input_image', image_url: png },
        ],
      },
    ]);
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('a string is a text message; triggerResponse: false only adds the item', async () => {
    const { session, transport } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    await session.sendMessage('Remember: my name is Ada', { triggerResponse: false });
    expect(transport.sentOf('conversation.item.create')[0]!.item).toMatchObject({
      content: [{ type: 'input_text', text: 'Remember: my name is Ada' }],
    });
    expect(transport.sentOf('response.create')).toHaveLength(0);
  });

  it.each<[unknown, RegExp]>([
    [{}, /give text, images or both/],
    [{ text: '' }, /text must be a non-empty string/],
    [{ images: 'x' }, /images must be an array of data URLs/],
    [
      { text: 'hi', images: [png, 'https://example.com/cat.png'] },
      /images\[1\] must be a data URL like data:image\/png;base64/,
    ],
    [null, /needs a string or \{ text\?, images\? \}/],
  ])('rejects %j before sending anything', async (message, error) => {
    const { session, transport } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    await expect(session.sendMessage(message as never)).rejects.toThrow(error);
    expect(transport.sentOf('conversation.item.create')).toHaveLength(0);
  });
});
