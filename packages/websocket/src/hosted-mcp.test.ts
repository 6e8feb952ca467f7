// Hosted MCP end to end: a core session over the WebSocket, the emulator as the Realtime API, and a
// real MCP server (the SDK's) on loopback. The emulator lists and calls its tools; the session turns
// that into events, asks for approvals and gets the model to answer after a call.
import { hostedMcpTool, RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import {
  type Emulator,
  type McpTestServer,
  startEmulator,
  startMcpTestServer,
} from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../test/node-helpers.js';
import { websocketTransport } from './index.js';

let emu: Emulator;
let mcp: McpTestServer;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  mcp = await startMcpTestServer();
});
afterAll(async () => {
  await emu?.close();
  await mcp?.close();
});

async function open(
  tools = hostedMcpTool({
    serverLabel: 'files',
    serverUrl: mcp.url,
    requireApproval: { never: ['roll_dice'] },
  }),
) {
  const agent = new RealtimeAgent({ name: 'Helper', instructions: 'Use the tools.', tools: [tools] });
  const runner = new RealtimeRunner({
    apiKey: 'sk-test',
    baseUrl: emu.baseUrl,
    transport: websocketTransport(),
  });
  const session = await runner.session(agent);
  const rec = record(session);
  await rec.waitFor('mcp_tools_listed');
  return { session, rec };
}
const after = (rec: ReturnType<typeof record>) => rec.events.length;

describe('hosted MCP over the emulator and a real MCP server', () => {
  it('lists the tools, calls one without approval and answers from its output (once)', async () => {
    const { session, rec } = await open();
    expect(rec.of('mcp_tools_listed')[0]).toMatchObject({ serverLabel: 'files' });
    expect(
      rec
        .of('mcp_tools_listed')[0]!
        .tools.map((t) => t.name)
        .sort(),
    ).toEqual(['delete_file', 'roll_dice']);
    const calls = mcp.calls.length;
    await session.sendText('Roll the dice with 20 sides');
    const done = await rec.waitFor('mcp_call_completed');
    expect(done).toMatchObject({ serverLabel: 'files', toolName: 'roll_dice' });
    expect(done.output).toMatch(/You rolled a \d+ on a 20-sided die\./);
    expect(mcp.calls.slice(calls)).toEqual([{ name: 'roll_dice', arguments: { sides: 20 } }]);
    // the response ended on the call: the session asks for the answer, which uses the output
    const answer = await rec.waitFor('agent_end', (e) => e.output.length > 0);
    expect(answer.output).toContain(done.output.replace(/\.$/, ''));
    expect(rec.of('mcp_call_completed')).toHaveLength(1);
    expect(rec.of('mcp_call_started')).toEqual([
      {
        type: 'mcp_call_started',
        itemId: done.itemId,
        serverLabel: 'files',
        toolName: 'roll_dice',
        arguments: '{"sides":20}',
        approvalRequestId: null,
      },
    ]);
    expect(rec.of('tool_approval_requested')).toEqual([]);
    expect(rec.of('error')).toEqual([]);
    session.close();
  });

  it('asks before delete_file: approved runs on the server, rejected never reaches it', async () => {
    const { session, rec } = await open();
    const calls = mcp.calls.length;
    await session.sendText('Delete the file about notes');
    const ask = await rec.waitFor('tool_approval_requested');
    expect(ask).toMatchObject({ toolName: 'delete_file', serverLabel: 'files' });
    expect(mcp.calls.length).toBe(calls);
    session.approveTool(ask.callId);
    const done = await rec.waitFor('mcp_call_completed');
    expect(done).toMatchObject({ toolName: 'delete_file', approvalRequestId: ask.callId });
    expect(mcp.calls.slice(calls).map((c) => c.name)).toEqual(['delete_file']);
    await rec.waitFor('agent_end', (e) => e.output.includes('Deleted'));

    const from = after(rec);
    await session.sendText('Delete the file about taxes');
    const second = await rec.waitFor('tool_approval_requested', () => true, 10_000, from);
    session.rejectTool(second.callId, 'Not today');
    const refusal = await rec.waitFor('agent_end', (e) => e.output.length > 0, 10_000, after(rec));
    expect(refusal.output).toMatch(/not allowed/i);
    expect(mcp.calls.slice(calls).map((c) => c.name)).toEqual(['delete_file']);
    expect(rec.of('mcp_call_completed')).toHaveLength(1);
    expect(rec.of('error')).toEqual([]);
    session.close();
  });

  it('a server that went away: the call fails, the session goes on', async () => {
    const down = await startMcpTestServer();
    const { session, rec } = await open(
      hostedMcpTool({ serverLabel: 'gone', serverUrl: down.url, requireApproval: 'never' }),
    );
    await down.close();
    await session.sendText('Roll the dice');
    const failed = await rec.waitFor('mcp_call_failed');
    expect(failed).toMatchObject({ serverLabel: 'gone', toolName: 'roll_dice' });
    expect((failed.error as { type: string }).type).toBe('http_error');
    expect(rec.of('mcp_call_completed')).toEqual([]);
    await session.sendText('Are you still there?');
    await rec.waitFor('agent_end', (e) => e.output.length > 0, 10_000, after(rec) - 1);
    expect(session.closed).toBe(false);
    session.close();
  });

  it('a server that is down at connect: mcp_tools_list_failed, and no empty list reported', async () => {
    const down = await startMcpTestServer();
    await down.close();
    const agent = new RealtimeAgent({
      name: 'Helper',
      tools: [hostedMcpTool({ serverLabel: 'down', serverUrl: down.url })],
    });
    const runner = new RealtimeRunner({
      apiKey: 'sk-test',
      baseUrl: emu.baseUrl,
      transport: websocketTransport(),
    });
    const session = await runner.session(agent);
    const rec = record(session);
    await rec.waitFor('mcp_tools_list_failed');
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
    expect(rec.of('mcp_tools_listed')).toEqual([]);
    session.close();
  });

  it('answerAfterCall: false leaves the answer to the app', async () => {
    const { session, rec } = await open(
      hostedMcpTool({
        serverLabel: 'quiet',
        serverUrl: mcp.url,
        requireApproval: 'never',
        answerAfterCall: false,
      }),
    );
    await session.sendText('Roll the dice');
    await rec.waitFor('mcp_call_completed');
    await rec.waitFor('agent_end');
    await new Promise((r) => setTimeout(r, 300));
    expect(rec.of('agent_start')).toHaveLength(1);
    session.close();
  });
});
