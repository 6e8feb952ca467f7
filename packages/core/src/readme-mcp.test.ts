// Runs the README's "Hosted MCP tools" example as written, over a scripted session.
import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { hostedMcpTool } from './hosted-mcp-tool.js';
import { connectScripted } from './testing/connect-scripted.js';

describe('README: hosted MCP tools', () => {
  it('lists, approves search for good, rejects delete_page, reports the call', async () => {
    const log: unknown[][] = [];
    const console = { log: (...a: unknown[]) => log.push(a) };
    const docs = hostedMcpTool({
      serverLabel: 'docs',
      serverUrl: 'https://mcp.example.com/mcp',
      allowedTools: ['search', 'delete_page'],
      requireApproval: 'always',
    });
    const agent = new RealtimeAgent({ name: 'Helper', instructions: 'Answer from the docs.', tools: [docs] });
    const { session, transport, feed, settle } = await connectScripted(agent);
    expect(transport.connectOptions?.session.tools).toEqual([docs.wire]);

    session.on('mcp_tools_listed', (e) =>
      console.log(
        e.serverLabel,
        e.tools.map((t) => t.name),
      ),
    );
    session.on('tool_approval_requested', (e) => {
      if (e.toolName === 'search') session.approveTool(e.callId, { always: true });
      else session.rejectTool(e.callId, { message: 'Not allowed here' });
    });
    session.on('mcp_call_completed', (e) => console.log(e.toolName, e.output));

    let n = 0;
    const ev = (e: object) => ({ event_id: `ev_${++n}`, ...e });
    const out = (item: object) =>
      ev({ type: 'response.output_item.done', response_id: 'r', output_index: 0, item });
    const ask = (id: string, name: string) =>
      out({ id, type: 'mcp_approval_request', server_label: 'docs', name, arguments: '{}' });
    feed([
      ev({
        type: 'conversation.item.done',
        previous_item_id: null,
        item: {
          id: 'l',
          type: 'mcp_list_tools',
          server_label: 'docs',
          tools: [{ name: 'search' }, { name: 'delete_page' }],
        },
      }),
      ask('a1', 'search'),
      ask('a2', 'delete_page'),
      ask('a3', 'search'),
      out({
        id: 'c',
        type: 'mcp_call',
        server_label: 'docs',
        name: 'search',
        arguments: '{}',
        output: 'hit',
      }),
    ]);
    await settle();
    expect(log).toEqual([
      ['docs', ['search', 'delete_page']],
      ['search', 'hit'],
    ]);
    expect(transport.sentOf('conversation.item.create').map((e) => e.item)).toEqual([
      { type: 'mcp_approval_response', approval_request_id: 'a1', approve: true },
      {
        type: 'mcp_approval_response',
        approval_request_id: 'a2',
        approve: false,
        reason: 'Not allowed here',
      },
      { type: 'mcp_approval_response', approval_request_id: 'a3', approve: true },
    ]);
    session.close();
  });
});
