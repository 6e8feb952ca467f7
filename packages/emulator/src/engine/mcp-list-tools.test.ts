/**
 * Hosted MCP tool listing (protocol §4.5, §6.4, §6.6) against a real MCP server on 127.0.0.1,
 * driven over the emulator's WebSocket with raw client events.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { type McpTestServer, startMcpTestServer } from '../mcp-test-server.js';
import { TestClient } from '../test-support.js';

let emu: Emulator;
let mcp: McpTestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' }, streamIntervalMs: 5 });
  mcp = await startMcpTestServer();
});
afterAll(async () => {
  await mcp.close();
  await emu.close();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function open(): Promise<TestClient> {
  const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
  clients.push(c);
  await c.waitFor('session.created');
  return c;
}

const mcpTool = (extra: Record<string, unknown> = {}) => ({
  type: 'mcp',
  server_label: 'tools',
  server_url: mcp.url,
  ...extra,
});

const update = (c: TestClient, tools: unknown[]) =>
  c.send({ type: 'session.update', session: { type: 'realtime', tools } });

describe('mcp_list_tools', () => {
  it('lists the server tools: item added → in_progress → completed → item done, after session.updated', async () => {
    const c = await open();
    const from = c.events.length;
    update(c, [mcpTool()]);
    const done = await c.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
    );
    const types = c.types(from);
    expect(types).toEqual([
      'session.updated',
      'conversation.item.added',
      'mcp_list_tools.in_progress',
      'mcp_list_tools.completed',
      'conversation.item.done',
    ]);
    const added = c.events.find((e) => e.type === 'conversation.item.added')!;
    expect(added.item).toEqual({
      id: done.item.id,
      type: 'mcp_list_tools',
      server_label: 'tools',
      tools: [],
    });
    expect(added.previous_item_id).toBeNull();
    const progress = c.events.filter((e) => e.type.startsWith('mcp_list_tools.'));
    for (const e of progress) expect(e.item_id).toBe(done.item.id);
    expect(done.item.server_label).toBe('tools');
    expect(done.item.tools.map((t: { name: string }) => t.name).sort()).toEqual(['delete_file', 'roll_dice']);
    const dice = done.item.tools.find((t: { name: string }) => t.name === 'roll_dice');
    expect(dice.description).toMatch(/Roll a die/);
    expect(dice.input_schema).toMatchObject({ type: 'object', properties: { sides: { type: 'integer' } } });
    expect(dice.annotations).toMatchObject({ readOnlyHint: true });
    const updated = c.events.find((e) => e.type === 'session.updated')!;
    expect(updated.session.tools).toEqual([mcpTool()]);
  });

  it('allowed_tools filters the listed tools (list form and {tool_names} / {read_only} form)', async () => {
    const c = await open();
    update(c, [mcpTool({ allowed_tools: ['roll_dice'] })]);
    const done = await c.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
    );
    expect(done.item.tools.map((t: { name: string }) => t.name)).toEqual(['roll_dice']);

    const c2 = await open();
    update(c2, [mcpTool({ allowed_tools: { tool_names: ['delete_file'] } })]);
    const done2 = await c2.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
    );
    expect(done2.item.tools.map((t: { name: string }) => t.name)).toEqual(['delete_file']);

    const c3 = await open();
    update(c3, [mcpTool({ allowed_tools: { read_only: true } })]);
    const done3 = await c3.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
    );
    expect(done3.item.tools.map((t: { name: string }) => t.name)).toEqual(['roll_dice']);
  });

  it('sends headers and authorization (as a Bearer token) to the server', async () => {
    const c = await open();
    const before = mcp.requests.length;
    update(c, [mcpTool({ headers: { 'X-Tenant': 'acme' }, authorization: 'tok_123' })]);
    await c.waitFor('mcp_list_tools.completed');
    const seen = mcp.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) {
      expect(h['x-tenant']).toBe('acme');
      expect(h.authorization).toBe('Bearer tok_123');
    }
  });

  it('lists again when the tool config changes, not when only require_approval changes', async () => {
    const c = await open();
    update(c, [mcpTool({ require_approval: 'always' })]);
    const first = await c.waitFor('mcp_list_tools.completed');
    let from = c.events.length;
    update(c, [mcpTool({ require_approval: 'never' })]);
    await c.waitFor('session.updated', 5000, from);
    // a response round trip lets any (wrong) listing show up before we look
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    await c.waitFor('response.done', 5000, from);
    expect(c.types(from).filter((t) => t.startsWith('mcp_list_tools'))).toEqual([]);

    from = c.events.length;
    update(c, [mcpTool({ allowed_tools: ['delete_file'] })]);
    const again = await c.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
      5000,
      from,
    );
    expect(again.item.id).not.toBe(first.item_id);
    expect(again.item.tools.map((t: { name: string }) => t.name)).toEqual(['delete_file']);
    expect(again.previous_item_id).not.toBeNull();
  });

  it('a change while a listing is under way: both listings finish, the latest one counts', async () => {
    const c = await open();
    update(c, [mcpTool({ require_approval: 'never' })]);
    update(c, [mcpTool({ require_approval: 'never', allowed_tools: ['roll_dice'] })]);
    const listed = () =>
      c.events.filter((e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools');
    await c.waitFor(() => listed().length === 2);
    expect(listed().map((e) => e.item.tools.length)).toEqual([2, 1]);
    expect(c.types().filter((t) => t.startsWith('mcp_list_tools.'))).toEqual([
      'mcp_list_tools.in_progress',
      'mcp_list_tools.in_progress',
      'mcp_list_tools.completed',
      'mcp_list_tools.completed',
    ]);
    c.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Delete the file about x' }],
      },
    });
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const r = await c.next('response.done');
    expect(r.response.output[0].type).toBe('message'); // delete_file is not allowed any more
  });

  it('tools: [] drops the server: no listing, and the model no longer calls its tools', async () => {
    const c = await open();
    update(c, [mcpTool({ require_approval: 'never' })]);
    await c.waitFor('mcp_list_tools.completed');
    const from = c.events.length;
    update(c, []);
    await c.waitFor('session.updated', 5000, from);
    const before = mcp.calls.length;
    c.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Roll the dice' }] },
    });
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const r = await c.waitFor('response.done', 5000, from);
    expect(r.response.output.map((i: { type: string }) => i.type)).toEqual(['message']);
    expect(c.types(from).filter((t) => t.startsWith('mcp_list_tools'))).toEqual([]);
    expect(mcp.calls.length).toBe(before);
  });

  it('a server that is down → mcp_list_tools.failed, item done with no tools; the session goes on', async () => {
    const down = await startMcpTestServer();
    const url = down.url;
    await down.close();
    const c = await open();
    const from = c.events.length;
    update(c, [{ type: 'mcp', server_label: 'gone', server_url: url, require_approval: 'never' }]);
    const done = await c.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
    );
    expect(c.types(from)).toEqual([
      'session.updated',
      'conversation.item.added',
      'mcp_list_tools.in_progress',
      'mcp_list_tools.failed',
      'conversation.item.done',
    ]);
    expect(done.item.tools).toEqual([]);
    c.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Roll the dice' }] },
    });
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const r = await c.waitFor('response.done');
    expect(r.response.status).toBe('completed');
    expect(r.response.output[0].type).toBe('message');
  });

  it('a server refusing the credentials (HTTP 401) → mcp_list_tools.failed', async () => {
    const strict = await startMcpTestServer();
    strict.failWith(401);
    try {
      const c = await open();
      update(c, [{ type: 'mcp', server_label: 'strict', server_url: strict.url, authorization: 'wrong' }]);
      const failed = await c.waitFor('mcp_list_tools.failed');
      const done = await c.waitFor(
        (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
      );
      expect(done.item).toEqual({
        id: failed.item_id,
        type: 'mcp_list_tools',
        server_label: 'strict',
        tools: [],
      });
      expect(strict.requests.at(-1)?.authorization).toBe('Bearer wrong');
    } finally {
      await strict.close();
    }
  });

  it('a session started with MCP tools in its config lists them right after session.created', async () => {
    const res = await fetch(`${emu.baseUrl}/realtime/client_secrets`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime', tools: [mcpTool()] } }),
    });
    expect(res.status).toBe(200);
    const { value } = (await res.json()) as { value: string };
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`, value);
    clients.push(c);
    await c.waitFor('mcp_list_tools.completed');
    expect(c.types().slice(0, 4)).toEqual([
      'session.created',
      'conversation.item.added',
      'mcp_list_tools.in_progress',
      'mcp_list_tools.completed',
    ]);
  });

  it('conversation.item.retrieve returns the mcp_list_tools item with its tools', async () => {
    const c = await open();
    update(c, [mcpTool({ allowed_tools: ['roll_dice'] })]);
    const done = await c.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools',
    );
    c.send({ type: 'conversation.item.retrieve', item_id: done.item.id });
    const got = await c.waitFor('conversation.item.retrieved');
    expect(got.item).toEqual(done.item);
  });

  it('rejects malformed MCP entries with the field named', async () => {
    const c = await open();
    update(c, [{ type: 'mcp', server_url: mcp.url }]);
    const e1 = await c.next('error');
    expect(e1.error).toMatchObject({
      code: 'missing_required_parameter',
      param: 'session.tools[0].server_label',
    });
    update(c, [{ type: 'mcp', server_label: 'x', server_url: mcp.url, require_approval: 'sometimes' }]);
    const e2 = await c.next('error');
    expect(e2.error).toMatchObject({ code: 'invalid_value', param: 'session.tools[0].require_approval' });
    update(c, [{ type: 'mcp', server_label: 'x', server_url: mcp.url, bogus: 1 }]);
    const e3 = await c.next('error');
    expect(e3.error).toMatchObject({ code: 'unknown_parameter', param: 'session.tools[0].bogus' });
  });
});
