import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { connectScripted } from './testing/connect-scripted.js';
import { tool } from './tool.js';

describe('a tool execute context', () => {
  it('carries the call_id of the call, the agent and the user context', async () => {
    const echo = tool({
      name: 'echo_call',
      description: 'Echo the call id',
      parameters: z.object({}),
      execute: (_args, ctx) => `${ctx.callId} ${ctx.agent.name} ${(ctx.context as { user: string }).user}`,
    });
    const agent = new RealtimeAgent({ name: 'A', tools: [echo] });
    const { transport, script, feed, settle, session } = await connectScripted(
      agent,
      {},
      {},
      { user: 'ana' },
    );
    const r = script.functionCalls([
      { name: 'echo_call', arguments: '{}' },
      { name: 'echo_call', arguments: '{}' },
    ]);
    feed(r.events);
    await settle();
    const out = transport
      .sentOf('conversation.item.create')
      .map((e) => (e.item as { output?: string }).output);
    expect(out).toEqual([`${r.callIds[0]} A ana`, `${r.callIds[1]} A ana`]);
    session.close();
  });
});
