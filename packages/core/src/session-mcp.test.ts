import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { hostedMcpTool } from './hosted-mcp-tool.js';
import { connectScripted } from './testing/connect-scripted.js';

const docs = hostedMcpTool({ serverLabel: 'docs', serverUrl: 'http://127.0.0.1:9/mcp' });
const agent = new RealtimeAgent({ name: 'A', tools: [docs] });
let n = 0;
const ev = (e: object) => ({ event_id: `ev_${++n}`, ...e });
const itemDone = (item: object) => ev({ type: 'conversation.item.done', previous_item_id: null, item });
const outputDone = (responseId: string, item: object) =>
  ev({ type: 'response.output_item.done', response_id: responseId, output_index: 0, item });
const approvalRequest = (id: string, name: string) =>
  outputDone('resp_1', {
    id,
    type: 'mcp_approval_request',
    server_label: 'docs',
    name,
    arguments: '{"q":"x"}',
  });

describe('hosted MCP in a session (scripted server)', () => {
  it('reports listed tools, a started call, and its completion or failure', async () => {
    const { feed, settle, of } = await connectScripted(agent);
    feed([
      itemDone({
        id: 'item_l',
        type: 'mcp_list_tools',
        server_label: 'docs',
        tools: [{ name: 'search', description: 'Search', input_schema: {} }, { name: 'fetch' }],
      }),
      ev({
        type: 'response.output_item.added',
        response_id: 'resp_1',
        output_index: 0,
        item: {
          id: 'item_c',
          type: 'mcp_call',
          server_label: 'docs',
          name: 'search',
          arguments: '',
          approval_request_id: 'apr_0',
        },
      }),
      ev({
        type: 'response.mcp_call_arguments.done',
        response_id: 'resp_1',
        item_id: 'item_c',
        output_index: 0,
        arguments: '{"q":"x"}',
      }),
      ev({ type: 'response.mcp_call.in_progress', output_index: 0, item_id: 'item_c' }),
      outputDone('resp_1', {
        id: 'item_c',
        type: 'mcp_call',
        server_label: 'docs',
        name: 'search',
        arguments: '{"q":"x"}',
        approval_request_id: 'apr_0',
        output: 'found',
      }),
      outputDone('resp_1', {
        id: 'item_d',
        type: 'mcp_call',
        server_label: 'docs',
        name: 'fetch',
        arguments: '{}',
        error: { type: 'http_error', code: 503, message: 'down' },
      }),
      ev({
        type: 'conversation.item.added',
        previous_item_id: null,
        item: { id: 'item_m', type: 'mcp_list_tools', server_label: 'wiki', tools: [] },
      }),
      ev({ type: 'mcp_list_tools.failed', item_id: 'item_m' }),
    ]);
    await settle();
    expect(of('mcp_tools_listed')).toEqual([
      {
        type: 'mcp_tools_listed',
        itemId: 'item_l',
        serverLabel: 'docs',
        tools: [
          { name: 'search', description: 'Search' },
          { name: 'fetch', description: '' },
        ],
      },
    ]);
    expect(of('mcp_call_started')).toEqual([
      {
        type: 'mcp_call_started',
        itemId: 'item_c',
        serverLabel: 'docs',
        toolName: 'search',
        arguments: '{"q":"x"}',
        approvalRequestId: 'apr_0',
      },
    ]);
    expect(of('mcp_call_completed')[0]).toMatchObject({
      toolName: 'search',
      serverLabel: 'docs',
      approvalRequestId: 'apr_0',
      output: 'found',
    });
    expect(of('mcp_call_failed')[0]).toMatchObject({
      toolName: 'fetch',
      approvalRequestId: null,
      error: { type: 'http_error' },
    });
    expect(of('mcp_tools_list_failed')).toEqual([
      { type: 'mcp_tools_list_failed', itemId: 'item_m', serverLabel: 'wiki' },
    ]);
  });

  it('asks through tool_approval_requested and answers with mcp_approval_response items', async () => {
    const { session, transport, feed, settle, of } = await connectScripted(agent);
    feed([approvalRequest('apr_1', 'search'), approvalRequest('apr_2', 'delete')]);
    await settle();
    expect(
      of('tool_approval_requested').map((e) => [e.callId, e.toolName, e.arguments, e.serverLabel]),
    ).toEqual([
      ['apr_1', 'search', { q: 'x' }, 'docs'],
      ['apr_2', 'delete', { q: 'x' }, 'docs'],
    ]);
    session.approveTool('apr_1');
    session.rejectTool('apr_2', 'not allowed');
    await settle();
    const answers = transport.sentOf('conversation.item.create').map((e) => e.item);
    expect(answers).toEqual([
      { type: 'mcp_approval_response', approval_request_id: 'apr_1', approve: true },
      { type: 'mcp_approval_response', approval_request_id: 'apr_2', approve: false, reason: 'not allowed' },
    ]);
    const order = transport.sent.map((e) => e.type);
    expect(order.indexOf('response.create')).toBeGreaterThan(order.indexOf('conversation.item.create'));
    expect(() => session.approveTool('apr_1')).toThrow(/No tool call 'apr_1' is waiting/);
    session.close();
  });

  it('remembers { always: true } per MCP tool: approved and rejected calls are answered without asking again', async () => {
    const { session, transport, feed, settle, of } = await connectScripted(agent);
    feed([approvalRequest('apr_1', 'search'), approvalRequest('apr_2', 'delete')]);
    await settle();
    session.approveTool('apr_1', { always: true });
    session.rejectTool('apr_2', { always: true, message: 'never delete' });
    feed([approvalRequest('apr_3', 'search'), approvalRequest('apr_4', 'delete')]);
    await settle();
    expect(of('tool_approval_requested').map((e) => e.callId)).toEqual(['apr_1', 'apr_2']);
    const answers = transport.sentOf('conversation.item.create').map((e) => e.item);
    expect(answers).toEqual([
      { type: 'mcp_approval_response', approval_request_id: 'apr_1', approve: true },
      { type: 'mcp_approval_response', approval_request_id: 'apr_2', approve: false, reason: 'never delete' },
      { type: 'mcp_approval_response', approval_request_id: 'apr_3', approve: true },
      { type: 'mcp_approval_response', approval_request_id: 'apr_4', approve: false, reason: 'never delete' },
    ]);
    session.close();
  });

  it('sends nothing for an approval still pending when the session closes', async () => {
    const { session, transport, feed, settle, of } = await connectScripted(agent);
    feed([approvalRequest('apr_9', 'search')]);
    await settle();
    expect(of('tool_approval_requested')).toHaveLength(1);
    const before = transport.sent.length;
    session.close();
    await settle();
    expect(transport.sent.slice(before).map((e) => e.type)).not.toContain('conversation.item.create');
    expect(transport.sent.slice(before).map((e) => e.type)).not.toContain('response.create');
  });

  it('asks for an answer only when a completed response ended on an MCP call', async () => {
    const { session, transport, feed, settle } = await connectScripted(agent);
    const call = {
      id: 'mc_1',
      type: 'mcp_call',
      server_label: 'docs',
      name: 'search',
      arguments: '{}',
      output: 'found',
    };
    const said = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Found it.' }],
    };
    const done = (id: string, status: string, output: object[]) =>
      ev({ type: 'response.done', response: { id, object: 'realtime.response', status, output } });
    const creates = () => transport.sentOf('response.create').length;
    const before = creates();
    feed([done('resp_a', 'completed', [call, said])]); // the API went on by itself
    feed([done('resp_b', 'cancelled', [call])]); // cut off: nothing to add
    await settle();
    expect(creates()).toBe(before);
    feed([done('resp_c', 'completed', [call])]);
    await settle();
    expect(creates()).toBe(before + 1);
    session.close();
  });
});
