import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { connectScripted } from './testing/connect-scripted.js';
import { tool } from './tool.js';

const pay = tool({
  name: 'pay',
  description: 'Pay',
  parameters: z.object({ amount: z.number() }),
  needsApproval: true,
  execute: ({ amount }) => `paid ${amount}`,
});
const refund = tool({
  name: 'refund',
  description: 'Refund',
  parameters: z.object({}),
  needsApproval: true,
  execute: () => 'refunded',
});
const agent = new RealtimeAgent({ name: 'A', tools: [pay, refund] });

const outputs = (t: { sentOf(type: 'conversation.item.create'): Array<{ item: unknown }> }) =>
  t.sentOf('conversation.item.create').map((e) => (e.item as { output?: string }).output);

describe('approvals that stick', () => {
  it('approveTool(id, { always }) and rejectTool(id, { always, message }) answer that tool for the rest of the session', async () => {
    const { session, transport, script, feed, settle, of } = await connectScripted(agent);
    feed(
      script.functionCalls([
        { name: 'pay', arguments: '{"amount":1}' },
        { name: 'refund', arguments: '{}' },
      ]).events,
    );
    await settle();
    const [first, second] = of('tool_approval_requested');
    session.approveTool(first?.callId ?? '', { always: true });
    session.rejectTool(second?.callId ?? '', { always: true, message: 'no refunds' });
    await settle();
    feed(
      script.functionCalls([
        { name: 'pay', arguments: '{"amount":2}' },
        { name: 'refund', arguments: '{}' },
      ]).events,
    );
    await settle();
    expect(of('tool_approval_requested')).toHaveLength(2);
    // a rejection is answered at once, an approved call after it ran: order within a batch varies
    const out = outputs(transport);
    expect(out).toHaveLength(4);
    expect(out.filter((o) => o?.startsWith('paid'))).toEqual(['paid 1', 'paid 2']);
    expect(out.filter((o) => /no refunds/.test(o ?? ''))).toHaveLength(2);
    session.close();
  });

  it('a plain approval asks again next time', async () => {
    const { session, script, feed, settle, of } = await connectScripted(agent);
    feed(script.functionCalls([{ name: 'pay', arguments: '{"amount":1}' }]).events);
    await settle();
    session.approveTool(of('tool_approval_requested')[0]?.callId ?? '');
    await settle();
    feed(script.functionCalls([{ name: 'pay', arguments: '{"amount":2}' }]).events);
    await settle();
    expect(of('tool_approval_requested')).toHaveLength(2);
    session.close();
  });
});
