// What the model reads when a tool fails: the tool's errorFunction, else the runner's
// toolErrorFormatter, else the kit's text; the error event always carries the full ToolError.
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { ConfigError, type ToolError } from './errors.js';
import { connectScripted } from './testing/connect-scripted.js';
import { tool } from './tool.js';

const lastOutput = (t: { sentOf(type: 'conversation.item.create'): Array<{ item: unknown }> }) =>
  (t.sentOf('conversation.item.create').at(-1)?.item as { output?: string } | undefined)?.output;

const broken = tool({
  name: 'book',
  description: 'Book',
  parameters: z.object({ time: z.string() }),
  execute: () => {
    throw new Error('database down');
  },
});
const shaped = tool({
  name: 'pay',
  description: 'Pay',
  parameters: z.object({ amount: z.number() }),
  timeoutMs: 20,
  errorFunction: (e, ctx) => `Payment ${e.code} (${ctx.callId}); tell the user to try later.`,
  execute: () => new Promise(() => undefined),
});

describe('tool error shaping', () => {
  it("a tool's errorFunction words the failure; the error event keeps the original", async () => {
    const { transport, script, feed, settle, of } = await connectScripted(
      new RealtimeAgent({ name: 'A', tools: [shaped] }),
    );
    const r = script.functionCalls([{ name: 'pay', arguments: '{"amount":5}' }]);
    feed(r.events);
    // the tool never settles: its 20 ms timeout ends it, whenever the timer gets to run
    await vi.waitFor(() =>
      expect(lastOutput(transport)).toBe(`Payment timeout (${r.callIds[0]}); tell the user to try later.`),
    );
    await settle();
    expect((of('error')[0]!.error as ToolError).message).toBe("Tool 'pay' did not finish within 20 ms");
  });

  it("the runner's toolErrorFormatter covers tools without one, also for bad arguments; undefined keeps the kit's text", async () => {
    const agent = new RealtimeAgent({ name: 'A', tools: [broken] });
    const { transport, script, feed, settle } = await connectScripted(agent, {
      toolErrorFormatter: (e) =>
        e.code === 'tool_failed' ? `Sorry, ${e.toolName} is unavailable right now.` : undefined,
    });
    feed(script.functionCalls([{ name: 'book', arguments: '{"time":"7pm"}' }]).events);
    await settle();
    expect(lastOutput(transport)).toBe('Sorry, book is unavailable right now.');
    feed(script.functionCalls([{ name: 'book', arguments: '{"time":7}' }]).events);
    await settle();
    expect(lastOutput(transport)).toMatch(
      /^Error: invalid arguments for 'book': time: got 7, expected string/,
    );
  });

  it("a formatter that throws leaves the kit's text and says why", async () => {
    const { transport, script, feed, settle, of } = await connectScripted(
      new RealtimeAgent({ name: 'A', tools: [broken] }),
      {
        toolErrorFormatter: () => {
          throw new Error('i18n table missing');
        },
      },
    );
    feed(script.functionCalls([{ name: 'book', arguments: '{"time":"7pm"}' }]).events);
    await settle();
    expect(lastOutput(transport)).toBe("Error: 'book' failed: database down");
    expect(of('error').map((e) => (e.error as ToolError).code)).toEqual([
      'error_function_failed',
      'tool_failed',
    ]);
    expect(of('error')[0]!.error.message).toBe(
      'toolErrorFormatter failed, so the model got the default text: i18n table missing',
    );
  });

  it('a rejection by the user is passed on as is (not reworded)', async () => {
    const ask = tool({
      name: 'ask',
      description: 'Ask',
      parameters: z.object({}),
      needsApproval: true,
      errorFunction: () => 'reworded',
      execute: () => 'x',
    });
    const { session, transport, script, feed, settle } = await connectScripted(
      new RealtimeAgent({ name: 'A', tools: [ask] }),
    );
    const r = script.functionCalls([{ name: 'ask', arguments: '{}' }]);
    feed(r.events);
    await settle();
    session.rejectTool(r.callIds[0]!, 'no');
    await settle();
    expect(lastOutput(transport)).toBe(
      "The user declined to run 'ask': no. Do not retry it unless they ask.",
    );
  });

  it('rejects an errorFunction or a toolErrorFormatter that is not a function', async () => {
    expect(() =>
      tool({
        name: 'f',
        description: '',
        parameters: z.object({}),
        errorFunction: 'x' as never,
        execute: () => 1,
      }),
    ).toThrow(ConfigError);
    await expect(
      connectScripted(new RealtimeAgent({ name: 'A' }), { toolErrorFormatter: 'x' as never }),
    ).rejects.toThrow(/toolErrorFormatter: expected a function \(error\) => string \| undefined, got string/);
  });
});
