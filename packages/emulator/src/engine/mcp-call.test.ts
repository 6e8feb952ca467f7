/**
 * Hosted MCP tool calls (protocol §6.4, §6.6): approvals, the call over MCP to a real server on
 * 127.0.0.1, its failures, and the answer that uses the output — driven over the emulator's
 * WebSocket with raw client events.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Brain } from '../brain/brain.js';
import { type Emulator, startEmulator } from '../emulator.js';
import { type McpTestServer, startMcpTestServer } from '../mcp-test-server.js';
import { TestClient, type WireEvent } from '../test-support.js';

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

/** A text session whose tools are one MCP server; resolves once its tools are listed. */
async function session(
  extra: Record<string, unknown> = {},
  url = mcp.url,
  emulator = emu,
): Promise<TestClient> {
  const c = await TestClient.connect(`${emulator.wsUrl}?model=gpt-realtime`);
  clients.push(c);
  await c.waitFor('session.created');
  c.send({
    type: 'session.update',
    session: {
      type: 'realtime',
      output_modalities: ['text'],
      tools: [{ type: 'mcp', server_label: 'workspace', server_url: url, ...extra }],
    },
  });
  await c.waitFor((e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_list_tools');
  return c;
}

const say = (c: TestClient, text: string) =>
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });

/** Send response.create and wait for its response.done; returns the done event and the events of the response. */
async function respond(c: TestClient): Promise<{ done: WireEvent; events: WireEvent[] }> {
  const from = c.events.length;
  c.send({ type: 'response.create' });
  const done = await c.waitFor('response.done', 8000, from);
  const created = c.events.findIndex((e, i) => i >= from && e.type === 'response.created');
  return { done, events: c.events.slice(created, c.events.indexOf(done) + 1) };
}

const answerText = (done: WireEvent): string => done.response.output[0].content[0].text;

describe('mcp_call', () => {
  it('without approval: the documented event order, the real server gets the call, the next response answers from it', async () => {
    const c = await session({ require_approval: 'never' });
    const before = mcp.calls.length;
    say(c, 'Roll the dice with 20 sides');
    await c.waitFor('conversation.item.done');
    const { done, events } = await respond(c);
    const types = events.map((e) => e.type);
    const deltas = types.filter((t) => t === 'response.mcp_call_arguments.delta').length;
    expect(deltas).toBeGreaterThan(0);
    expect(types.filter((t) => t !== 'response.mcp_call_arguments.delta')).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.mcp_call_arguments.done',
      'response.mcp_call.in_progress',
      'response.mcp_call.completed',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    expect(types.indexOf('response.mcp_call_arguments.delta')).toBe(4);
    const added = events.find((e) => e.type === 'response.output_item.added')!;
    expect(added.item).toEqual({
      id: added.item.id,
      type: 'mcp_call',
      server_label: 'workspace',
      name: 'roll_dice',
      arguments: '',
      approval_request_id: null,
      output: null,
      error: null,
    });
    const responseId = done.response.id;
    const argDeltas = events.filter((e) => e.type === 'response.mcp_call_arguments.delta');
    const argsDone = events.find((e) => e.type === 'response.mcp_call_arguments.done')!;
    expect(argDeltas.map((e) => e.delta).join('')).toBe(argsDone.arguments);
    expect(JSON.parse(argsDone.arguments)).toEqual({ sides: 20 });
    for (const e of [...argDeltas, argsDone])
      expect(e).toMatchObject({ response_id: responseId, item_id: added.item.id, output_index: 0 });
    for (const t of ['response.mcp_call.in_progress', 'response.mcp_call.completed']) {
      const e = events.find((x) => x.type === t)!;
      expect(e).toMatchObject({ item_id: added.item.id, output_index: 0 });
    }
    const item = events.find((e) => e.type === 'conversation.item.done')!.item;
    expect(item).toMatchObject({
      type: 'mcp_call',
      name: 'roll_dice',
      arguments: argsDone.arguments,
      output: 'You rolled a 4 on a 20-sided die.',
      error: null,
    });
    expect(done.response.status).toBe('completed');
    expect(done.response.output).toEqual([item]);
    expect(mcp.calls.slice(before)).toEqual([{ name: 'roll_dice', arguments: { sides: 20 } }]);

    c.send({ type: 'conversation.item.retrieve', item_id: item.id });
    expect((await c.waitFor('conversation.item.retrieved')).item).toEqual(item);

    const answer = await respond(c);
    expect(answerText(answer.done)).toBe(
      'Here is what roll_dice returned: You rolled a 4 on a 20-sided die.',
    );
  });

  it('approval required: mcp_approval_request ends the response; an approval runs the call on the server', async () => {
    const c = await session(); // require_approval absent → "always"
    const before = mcp.calls.length;
    say(c, 'Please delete the file about budget');
    const first = await respond(c);
    expect(first.events.map((e) => e.type)).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    const request = first.done.response.output[0];
    expect(request).toEqual({
      id: request.id,
      type: 'mcp_approval_request',
      server_label: 'workspace',
      name: 'delete_file',
      arguments: JSON.stringify({ path: 'budget' }),
    });
    expect(mcp.calls.length).toBe(before);

    c.send({
      type: 'conversation.item.create',
      item: { type: 'mcp_approval_response', approval_request_id: request.id, approve: true },
    });
    const ack = await c.waitFor(
      (e) => e.type === 'conversation.item.done' && e.item.type === 'mcp_approval_response',
    );
    expect(ack.item).toMatchObject({ approval_request_id: request.id, approve: true });
    const second = await respond(c);
    const call = second.done.response.output[0];
    expect(second.done.response.output).toHaveLength(1);
    expect(call).toMatchObject({
      type: 'mcp_call',
      name: 'delete_file',
      approval_request_id: request.id,
      arguments: request.arguments,
      output: 'Deleted budget.',
    });
    expect(second.events.map((e) => e.type)).toContain('response.mcp_call.completed');
    expect(mcp.calls.slice(before)).toEqual([{ name: 'delete_file', arguments: { path: 'budget' } }]);

    const third = await respond(c);
    expect(answerText(third.done)).toBe('Here is what delete_file returned: Deleted budget.');
    expect(mcp.calls.length).toBe(before + 1); // an approval runs its call once
  });

  it('a denied approval does not call the server; the model says it was not allowed', async () => {
    const c = await session({ require_approval: 'always' });
    const before = mcp.calls.length;
    say(c, 'Delete the file about taxes');
    const first = await respond(c);
    const request = first.done.response.output[0];
    expect(request.type).toBe('mcp_approval_request');
    c.send({
      type: 'conversation.item.create',
      item: {
        type: 'mcp_approval_response',
        approval_request_id: request.id,
        approve: false,
        reason: 'keep it',
      },
    });
    const second = await respond(c);
    expect(second.done.response.output.map((i: { type: string }) => i.type)).toEqual(['message']);
    expect(answerText(second.done)).toBe('I was not allowed to run delete_file (keep it), so I did not.');
    expect(second.events.some((e) => e.type.startsWith('response.mcp_call'))).toBe(false);
    expect(mcp.calls.length).toBe(before);
  });

  it('require_approval per tool: {never:{tool_names}} runs that tool directly, others still ask', async () => {
    const c = await session({ require_approval: { never: { tool_names: ['roll_dice'] } } });
    say(c, 'Roll the dice');
    const dice = await respond(c);
    expect(dice.done.response.output[0]).toMatchObject({ type: 'mcp_call', name: 'roll_dice' });
    say(c, 'Delete the file about notes');
    const del = await respond(c);
    expect(del.done.response.output[0]).toMatchObject({ type: 'mcp_approval_request', name: 'delete_file' });
  });

  it('an mcp_approval_response naming an unknown request is rejected and not added', async () => {
    const c = await session();
    const from = c.events.length;
    c.send({
      type: 'conversation.item.create',
      event_id: 'evt_bad_approval',
      item: { type: 'mcp_approval_response', approval_request_id: 'item_nope', approve: true },
    });
    const err = await c.waitFor('error', 5000, from);
    expect(err.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_value',
      param: 'item.approval_request_id',
      event_id: 'evt_bad_approval',
    });
    expect(c.types(from)).toEqual(['error']);
    c.send({ type: 'conversation.item.create', item: { type: 'mcp_approval_response', approve: true } });
    const missing = await c.next('error');
    expect(missing.error).toMatchObject({
      code: 'missing_required_parameter',
      param: 'item.approval_request_id',
    });
  });

  it('a tool that reports an error → response.mcp_call.failed with a tool_execution_error', async () => {
    const c = await session({ require_approval: 'never' });
    say(c, 'Delete the file about protected');
    const { done, events } = await respond(c);
    expect(events.map((e) => e.type)).toContain('response.mcp_call.failed');
    expect(events.map((e) => e.type)).not.toContain('response.mcp_call.completed');
    expect(done.response.status).toBe('completed');
    expect(done.response.output[0]).toMatchObject({
      type: 'mcp_call',
      output: null,
      error: { type: 'tool_execution_error', message: 'Permission denied: protected is protected.' },
    });
    const answer = await respond(c);
    expect(answerText(answer.done)).toBe(
      'The delete_file tool failed: Permission denied: protected is protected.',
    );
  });

  it('the server going away mid-session → http_error; the session survives and answers', async () => {
    const own = await startMcpTestServer();
    const c = await session({ require_approval: 'never' }, own.url);
    say(c, 'Roll the dice');
    const ok = await respond(c);
    expect(ok.done.response.output[0].output).toBe('You rolled a 4 on a 6-sided die.');
    await own.close();
    say(c, 'Roll the dice again');
    const { done, events } = await respond(c);
    const failed = events.find((e) => e.type === 'response.mcp_call.failed');
    expect(failed).toMatchObject({ item_id: done.response.output[0].id, output_index: 0 });
    expect(done.response.status).toBe('completed');
    const error = done.response.output[0].error;
    expect(error).toMatchObject({ type: 'http_error', code: 502 });
    expect(error.message).toMatch(/Could not reach the MCP server/);
    const answer = await respond(c);
    expect(answerText(answer.done)).toMatch(/^The roll_dice tool failed: Could not reach the MCP server/);
    say(c, 'Hello there');
    const after = await respond(c);
    expect(answerText(after.done)).toBe('You said: "Hello there".');
  });

  it('a stateful server: one MCP session; a restarted server gets a new one; down → http_error, back → reconnects', async () => {
    const own = await startMcpTestServer({ stateful: true });
    try {
      const c = await session({ require_approval: 'never' }, own.url);
      const roll = async () => {
        say(c, 'Roll the dice');
        return (await respond(c)).done.response.output[0];
      };
      expect((await roll()).output).toBe('You rolled a 4 on a 6-sided die.');
      const ids = new Set(own.requests.slice(1).map((h) => h['mcp-session-id']));
      expect(ids.size).toBe(1); // list and call in one session
      expect([...ids][0]).toEqual(expect.any(String));
      await own.restart(); // the old session id is unknown now (404): a new session, same call
      expect((await roll()).output).toBe('You rolled a 4 on a 6-sided die.');
      await own.close();
      expect((await roll()).error).toMatchObject({ type: 'http_error', code: 502 });
      await own.restart();
      expect((await roll()).output).toBe('You rolled a 4 on a 6-sided die.');
      expect(own.calls).toHaveLength(3);
    } finally {
      await own.close();
    }
  });

  it('an HTTP error status from the server → http_error with that status', async () => {
    const own = await startMcpTestServer();
    const c = await session({ require_approval: 'never', allowed_tools: ['roll_dice'] }, own.url);
    own.failWith(503);
    say(c, 'Roll the dice');
    const { done } = await respond(c);
    expect(done.response.output[0].error).toMatchObject({ type: 'http_error', code: 503 });
    await own.close();
  });

  it('a JSON-RPC error from the server → protocol_error', async () => {
    const brain: Brain = {
      respond: ({ conversation }) =>
        conversation.at(-1)?.type === 'message'
          ? {
              outputs: [
                { type: 'mcp_call', serverLabel: 'workspace', name: 'no_such_tool', arguments: '{}' },
              ],
            }
          : { outputs: [{ type: 'message', text: 'ok' }] },
    };
    const own = await startEmulator({ brain, synthesizer: { engine: 'formant' }, streamIntervalMs: 5 });
    try {
      const c = await session({ require_approval: 'never' }, mcp.url, own);
      say(c, 'anything');
      const { done } = await respond(c);
      const error = done.response.output[0].error;
      expect(error.type).toBe('protocol_error');
      expect(typeof error.code).toBe('number');
      expect(error).toEqual({
        type: 'protocol_error',
        code: -32602,
        message: expect.stringMatching(/no_such_tool/),
      });
    } finally {
      await own.close();
    }
  });

  it('response.cancel while the server works: the call is closed as it stands, no late completed event', async () => {
    const slow = await startMcpTestServer({ toolDelayMs: 400 });
    try {
      const c = await session({ require_approval: 'never' }, slow.url);
      say(c, 'Roll the dice');
      const from = c.events.length;
      c.send({ type: 'response.create' });
      const progress = await c.waitFor('response.mcp_call.in_progress', 5000, from);
      c.send({ type: 'response.cancel' });
      const done = await c.waitFor('response.done', 5000, from);
      expect(done.response.status).toBe('cancelled');
      expect(done.response.output[0]).toMatchObject({ id: progress.item_id, output: null, error: null });
      await new Promise((r) => setTimeout(r, 600));
      expect(c.types(from).filter((t) => t === 'response.mcp_call.completed')).toEqual([]);
      expect(slow.calls).toHaveLength(1); // the server did get it
      say(c, 'Hello again');
      const after = await respond(c);
      expect(answerText(after.done)).toBe('You said: "Hello again".');
    } finally {
      await slow.close();
    }
  });

  it('script mode: an mcp_call action calls that tool with the scripted arguments', async () => {
    const scripted = await startEmulator({
      script: [
        {
          match: 'tidy',
          respond: [
            { text: 'Tidying up.' },
            { mcp_call: { server_label: 'workspace', name: 'delete_file', arguments: { path: 'tmp.log' } } },
          ],
        },
      ],
      synthesizer: { engine: 'formant' },
      streamIntervalMs: 5,
    });
    try {
      const c = await session({ require_approval: 'never' }, mcp.url, scripted);
      const before = mcp.calls.length;
      say(c, 'Please tidy the workspace');
      const { done } = await respond(c);
      expect(done.response.output.map((i: { type: string }) => i.type)).toEqual(['message', 'mcp_call']);
      expect(done.response.output[1]).toMatchObject({ name: 'delete_file', output: 'Deleted tmp.log.' });
      expect(mcp.calls.slice(before)).toEqual([{ name: 'delete_file', arguments: { path: 'tmp.log' } }]);
    } finally {
      await scripted.close();
    }
  });

  it('tool_choice {type:"mcp"} forces a call of that server; tool_choice "none" calls nothing', async () => {
    const c = await session({ require_approval: 'never', allowed_tools: ['roll_dice'] });
    c.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        tool_choice: { type: 'mcp', server_label: 'workspace', name: 'roll_dice' },
      },
    });
    await c.next('session.updated');
    say(c, 'Surprise me');
    const forced = await respond(c);
    expect(forced.done.response.output[0]).toMatchObject({ type: 'mcp_call', name: 'roll_dice' });
    c.send({ type: 'session.update', session: { type: 'realtime', tool_choice: 'none' } });
    await c.next('session.updated');
    say(c, 'Roll the dice');
    const none = await respond(c);
    expect(none.done.response.output[0].type).toBe('message');
  });
});
