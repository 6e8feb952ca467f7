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
const agent = new RealtimeAgent({ name: 'A', tools: [pay] });

describe('approvals without always', () => {
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
