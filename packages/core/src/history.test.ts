import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { History } from './history.js';
import { connectScripted } from './testing/connect-scripted.js';

const user = (id: string, text: string | null = null) => ({
  id,
  type: 'message' as const,
  status: 'completed' as const,
  role: 'user' as const,
  content: [{ type: 'input_audio' as const, transcript: text }],
});

describe('History', () => {
  it('orders by previous_item_id, not by arrival', () => {
    const h = new History();
    h.upsert(user('a'), null);
    h.upsert(user('c'), 'a');
    h.upsert(user('b'), 'a');
    expect(h.items.map((i) => i.itemId)).toEqual(['a', 'b', 'c']);
  });

  it('keeps lookups by id right after inserts in the middle and removals', () => {
    const h = new History();
    for (const id of ['a', 'b', 'c', 'd']) h.upsert(user(id), null);
    h.upsert(user('x'), 'a');
    h.remove('c');
    h.upsert(user('y'), 'd');
    h.upsert(user('z'), 'x');
    expect(h.items.map((i) => i.itemId)).toEqual(['a', 'x', 'z', 'b', 'd', 'y']);
    for (const it of h.items) expect(h.get(it.itemId)).toBe(it);
    expect(h.get('c')).toBeUndefined();
    expect(h.upsert(user('b', 'again'), null)).toBe('updated');
    expect(h.items.map((i) => i.itemId)).toEqual(['a', 'x', 'z', 'b', 'd', 'y']);
  });

  it('appends items whose previous id is unknown', () => {
    const h = new History();
    h.upsert(user('a'), null);
    h.upsert(user('z'), 'missing');
    expect(h.items.map((i) => i.itemId)).toEqual(['a', 'z']);
  });

  it('reports added then updated', () => {
    const h = new History();
    expect(h.upsert(user('a'), null)).toBe('added');
    expect(h.upsert(user('a'), null)).toBe('updated');
  });

  it('keeps a transcript when the server re-sends the item without one', () => {
    const h = new History();
    h.upsert(user('a'), null);
    h.setText('a', 'hello');
    h.upsert(user('a', null), null);
    expect(h.get('a')).toMatchObject({ text: 'hello' });
  });

  it('drops audio bytes from content', () => {
    const h = new History();
    h.upsert(
      {
        id: 'a',
        type: 'message',
        role: 'user',
        content: [{ type: 'input_audio', audio: 'AAAA', transcript: 'x' }],
      },
      null,
    );
    expect(JSON.stringify(h.items)).not.toContain('AAAA');
  });

  it('attaches function outputs to their calls', () => {
    const h = new History();
    h.upsert({ id: 'f', type: 'function_call', name: 'n', call_id: 'c1', arguments: '{}' }, null);
    h.upsert({ id: 'o', type: 'function_call_output', call_id: 'c1', output: 'result' }, 'f');
    expect(h.get('f')).toMatchObject({ type: 'function_call', output: 'result' });
  });

  it('keeps unknown item types intact', () => {
    const h = new History();
    h.upsert({ id: 'm', type: 'mcp_call', server_label: 's' }, null);
    expect(h.get('m')).toMatchObject({ type: 'mcp_call', raw: { server_label: 's' } });
  });

  it('types hosted MCP items: tool lists, calls with output or error, approval requests', () => {
    const h = new History();
    h.upsert(
      { id: 'l', type: 'mcp_list_tools', server_label: 'files', tools: [{ name: 'roll_dice' }] },
      null,
    );
    h.upsert(
      { id: 'r', type: 'mcp_approval_request', server_label: 'files', name: 'delete_file', arguments: '{}' },
      'l',
    );
    h.upsert(
      {
        id: 'c',
        type: 'mcp_call',
        server_label: 'files',
        name: 'roll_dice',
        arguments: '{"sides":6}',
        output: 'You rolled a 4.',
      },
      'r',
    );
    h.upsert(
      {
        id: 'f',
        type: 'mcp_call',
        server_label: 'files',
        name: 'delete_file',
        arguments: '{}',
        output: null,
        error: { type: 'http_error', code: 502 },
      },
      'c',
    );
    expect(h.items.map((it) => ({ ...it, raw: undefined }))).toEqual([
      { itemId: 'l', type: 'mcp_list_tools', serverLabel: 'files', tools: [{ name: 'roll_dice' }] },
      {
        itemId: 'r',
        type: 'mcp_approval_request',
        serverLabel: 'files',
        name: 'delete_file',
        arguments: '{}',
      },
      {
        itemId: 'c',
        type: 'mcp_call',
        serverLabel: 'files',
        name: 'roll_dice',
        arguments: '{"sides":6}',
        output: 'You rolled a 4.',
        error: null,
      },
      {
        itemId: 'f',
        type: 'mcp_call',
        serverLabel: 'files',
        name: 'delete_file',
        arguments: '{}',
        output: null,
        error: { type: 'http_error', code: 502 },
      },
    ]);
  });

  it('removes items', () => {
    const h = new History();
    h.upsert(user('a'), null);
    h.upsert(user('b'), 'a');
    expect(h.remove('a')).toBe(true);
    expect(h.remove('a')).toBe(false);
    expect(h.items.map((i) => i.itemId)).toEqual(['b']);
    expect(h.get('b')).toBeDefined();
  });
});

describe('session history', () => {
  const agent = new RealtimeAgent({ name: 'A' });

  it('user speaks several times before a reply: every item kept, transcripts filled whenever they arrive', async () => {
    const { session, script, feed, of } = await connectScripted(agent);
    feed([
      script.event('conversation.item.added', { previous_item_id: null, item: user('u1') }),
      script.event('conversation.item.added', { previous_item_id: 'u1', item: user('u2') }),
      script.event('conversation.item.added', { previous_item_id: 'u2', item: user('u3') }),
      script.event('conversation.item.input_audio_transcription.completed', {
        item_id: 'u3',
        content_index: 0,
        transcript: 'third',
        usage: { type: 'duration', seconds: 1 },
      }),
      script.event('conversation.item.input_audio_transcription.completed', {
        item_id: 'u1',
        content_index: 0,
        transcript: 'first',
        usage: { type: 'duration', seconds: 1 },
      }),
      script.event('conversation.item.done', { previous_item_id: 'u2', item: user('u3') }),
      script.event('conversation.item.input_audio_transcription.completed', {
        item_id: 'u2',
        content_index: 0,
        transcript: 'second',
        usage: { type: 'duration', seconds: 1 },
      }),
    ]);
    feed(script.spoken('reply to all three').events);
    const h = session.history.map((i) => [
      i.itemId.startsWith('u') ? i.itemId : 'assistant',
      (i as { text: string | null }).text,
    ]);
    expect(h).toEqual([
      ['u1', 'first'],
      ['u2', 'second'],
      ['u3', 'third'],
      ['assistant', 'reply to all three'],
    ]);
    expect(of('history_added')).toHaveLength(4);
  });

  it('keeps the user message that triggered a tool call, and the call with its output', async () => {
    const { session, transport, script, feed, settle } = await connectScripted(agent);
    feed(script.userText('weather?'));
    const r = script.functionCalls([{ name: 'nope', arguments: '{}' }]);
    feed(r.events);
    await settle();
    const out = transport.sentOf('conversation.item.create')[0]!.item as { call_id: string; output: string };
    feed([
      script.event('conversation.item.added', {
        previous_item_id: null,
        item: { id: 'out1', type: 'function_call_output', ...out },
      }),
    ]);
    expect(session.history.map((i) => i.type)).toEqual(['message', 'function_call', 'function_call_output']);
    expect(session.history[1]).toMatchObject({ name: 'nope', output: out.output });
  });

  it('agent_end carries the spoken preamble of a response that also called a tool', async () => {
    const { script, feed, of } = await connectScripted(agent);
    const spoken = script.spoken('Let me check that.', { done: false });
    feed(spoken.events);
    feed([
      script.event('response.done', {
        response: script.response(spoken.responseId, 'completed', [], script.usage()),
      }),
    ]);
    expect(of('agent_end')[0]?.output).toBe('Let me check that.');
  });

  it('agent_end falls back to the response output items when no deltas were seen', async () => {
    const { script, feed, of } = await connectScripted(agent);
    feed([
      script.created('r9'),
      script.event('response.done', {
        response: script.response('r9', 'completed', [
          {
            id: 'i',
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'from items' }],
          },
        ]),
      }),
    ]);
    expect(of('agent_end')[0]?.output).toBe('from items');
  });

  it('marks truncated items incomplete and removes deleted ones', async () => {
    const { session, script, feed } = await connectScripted(agent);
    const r = script.spoken('hello');
    feed(r.events);
    feed([
      script.event('conversation.item.truncated', { item_id: r.itemId, content_index: 0, audio_end_ms: 100 }),
    ]);
    expect(session.history[0]).toMatchObject({ status: 'incomplete' });
    feed([script.event('conversation.item.deleted', { item_id: r.itemId })]);
    expect(session.history).toHaveLength(0);
  });
});
