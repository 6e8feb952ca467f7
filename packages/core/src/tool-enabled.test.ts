import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { ConfigError, type ToolError } from './errors.js';
import { realtimeHandoff } from './handoff.js';
import { connectScripted } from './testing/connect-scripted.js';
import type { ScriptedTransport } from './testing/scripted-transport.js';
import { tool } from './tool.js';

type Ctx = { admin: boolean };
/** The tool names of each session config: the one connect() sent, then every session.update. */
const sessionTools = (t: ScriptedTransport) =>
  [t.connectOptions!.session, ...t.sentOf('session.update').map((e) => e.session)].map((s) =>
    (s.tools ?? []).map((x) => (x.type === 'mcp' ? x.server_label : x.name)),
  );

const refund = tool({
  name: 'refund',
  description: 'Refund an order',
  parameters: z.object({}),
  isEnabled: (ctx: { context: Ctx }) => ctx.context.admin,
  execute: () => 'refunded',
});
const weather = tool<z.ZodObject<Record<string, never>>, Ctx>({
  name: 'get_weather',
  description: 'Weather',
  parameters: z.object({}),
  execute: () => 'sunny',
});
const off = tool<z.ZodObject<Record<string, never>>, Ctx>({
  name: 'beta',
  description: 'Beta',
  parameters: z.object({}),
  isEnabled: false,
  execute: () => 'x',
});
const spanish = new RealtimeAgent<Ctx>({ name: 'Spanish' });
const supervisor = new RealtimeAgent<Ctx>({ name: 'Supervisor', tools: [refund] });

describe('isEnabled on tools and handoffs', () => {
  it('offers only enabled tools and handoffs, decided by the context', async () => {
    const agent = new RealtimeAgent<Ctx>({
      name: 'Front',
      tools: [weather, refund, off],
      handoffs: [realtimeHandoff(spanish, { isEnabled: async (ctx) => !ctx.context.admin }), supervisor],
    });
    const user = await connectScripted(agent, {}, {}, { admin: false });
    expect(sessionTools(user.transport)[0]).toEqual([
      'get_weather',
      'transfer_to_spanish',
      'transfer_to_supervisor',
    ]);
    const admin = await connectScripted(agent, {}, {}, { admin: true });
    expect(sessionTools(admin.transport)[0]).toEqual(['get_weather', 'refund', 'transfer_to_supervisor']);
  });

  it('is decided again when the agent changes (a handoff)', async () => {
    const front = new RealtimeAgent<Ctx>({ name: 'Front', tools: [weather], handoffs: [supervisor] });
    const { transport, script, feed, settle } = await connectScripted(front, {}, {}, { admin: true });
    feed(script.functionCalls([{ name: 'transfer_to_supervisor', arguments: '{}' }]).events);
    await settle();
    expect(sessionTools(transport).at(-1)).toEqual(['refund']);
  });

  it('a call to a tool that is turned off is refused, not run, and the model is told what it has', async () => {
    const agent = new RealtimeAgent<Ctx>({ name: 'Front', tools: [weather, refund] });
    const { transport, script, feed, settle, of } = await connectScripted(agent, {}, {}, { admin: false });
    feed(script.functionCalls([{ name: 'refund', arguments: '{}' }]).events);
    await settle();
    const out = transport.sentOf('conversation.item.create').map((e) => e.item as { output?: string });
    expect(out.at(-1)?.output).toBe("Error: there is no tool named 'refund'. Available tools: get_weather.");
    const err = of('error')[0]!.error as ToolError;
    expect(err.code).toBe('unknown_tool');
    expect(err.message).toMatch(/'refund', which isEnabled turned off for agent 'Front'/);
    expect(of('tool_start')).toHaveLength(0);
  });

  it('a predicate that throws leaves its tool out and says so', async () => {
    const flaky = tool<z.ZodObject<Record<string, never>>, Ctx>({
      name: 'flaky',
      description: 'Flaky',
      parameters: z.object({}),
      isEnabled: () => {
        throw new Error('feature flags unavailable');
      },
      execute: () => 'x',
    });
    const { session, transport, of, settle } = await connectScripted(
      new RealtimeAgent<Ctx>({ name: 'A' }),
      {},
      {},
      { admin: false },
    );
    await session.updateAgent(new RealtimeAgent<Ctx>({ name: 'B', tools: [weather, flaky] }));
    await settle();
    expect(sessionTools(transport).at(-1)).toEqual(['get_weather']);
    expect((of('error')[0]!.error as ToolError).message).toBe(
      "isEnabled of 'flaky' threw, so it is not offered: feature flags unavailable",
    );
  });

  it('rejects an isEnabled that is neither a boolean nor a function', () => {
    expect(() =>
      tool({
        name: 'f',
        description: '',
        parameters: z.object({}),
        isEnabled: 'yes' as never,
        execute: () => 1,
      }),
    ).toThrow(ConfigError);
    expect(() => realtimeHandoff(spanish, { isEnabled: 1 as never })).toThrow(
      "handoff 'transfer_to_spanish': isEnabled must be a boolean or a function of the context, got number",
    );
  });
});
