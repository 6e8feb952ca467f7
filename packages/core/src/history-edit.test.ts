import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { historyEdits, itemIds } from './history-edit.js';
import type { HistoryItem, HistoryMessage } from './history.js';

const msg = (itemId: string, role: HistoryMessage['role'], text: string | null): HistoryMessage => ({
  itemId,
  type: 'message',
  role,
  status: 'completed',
  text,
  content: [],
});
const call: HistoryItem = {
  itemId: 'c1',
  type: 'function_call',
  status: 'completed',
  name: 'get_weather',
  callId: 'call_1',
  arguments: '{"city":"Oslo"}',
  output: '7°C',
};
const out: HistoryItem = { itemId: 'o1', type: 'function_call_output', callId: 'call_1', output: '7°C' };
const history: HistoryItem[] = [
  msg('u1', 'user', 'Weather?'),
  call,
  out,
  msg('a1', 'assistant', 'It is 7°C.'),
];
const ids = () => {
  let n = 0;
  return () => `new_${++n}`;
};

describe('historyEdits', () => {
  it('sends nothing when the history is given back unchanged', () => {
    expect(historyEdits(history, [...history], ids())).toEqual([]);
  });

  it('deletes the items left out', () => {
    expect(historyEdits(history, history.slice(-1), ids())).toEqual([
      { type: 'conversation.item.delete', item_id: 'u1' },
      { type: 'conversation.item.delete', item_id: 'c1' },
      { type: 'conversation.item.delete', item_id: 'o1' },
    ]);
  });

  it('creates new messages after the item before them ("root" at the start), chaining their ids', () => {
    const edits = historyEdits(
      history,
      [
        { type: 'message', role: 'system', text: 'Be brief.' },
        ...history.slice(0, 1),
        { type: 'message', role: 'user', text: 'In Celsius.' },
        { type: 'message', role: 'assistant', text: 'Noted.' },
        ...history.slice(1),
      ],
      ids(),
    );
    expect(edits).toEqual([
      {
        type: 'conversation.item.create',
        previous_item_id: 'root',
        item: {
          id: 'new_1',
          type: 'message',
          role: 'system',
          content: [{ type: 'input_text', text: 'Be brief.' }],
        },
      },
      {
        type: 'conversation.item.create',
        previous_item_id: 'u1',
        item: {
          id: 'new_2',
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'In Celsius.' }],
        },
      },
      {
        type: 'conversation.item.create',
        previous_item_id: 'new_2',
        item: {
          id: 'new_3',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Noted.' }],
        },
      },
    ]);
  });

  it('replaces an edited message: delete, then create in its place with the new text', () => {
    const edited = history.map((it) => (it.itemId === 'a1' ? { ...it, text: 'It is 7 degrees.' } : it));
    expect(historyEdits(history, edited, ids())).toEqual([
      { type: 'conversation.item.delete', item_id: 'a1' },
      {
        type: 'conversation.item.create',
        previous_item_id: 'o1',
        item: {
          id: 'new_1',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'It is 7 degrees.' }],
        },
      },
    ]);
  });

  it('moves an item by re-creating it, touching as few items as it can', () => {
    const moved = [call, out, history[0]!, history[3]!];
    const edits = historyEdits(history, moved, ids());
    // a1 still follows o1, so only the user message moves: deleted, then created after o1
    expect(edits).toEqual([
      { type: 'conversation.item.delete', item_id: 'u1' },
      {
        type: 'conversation.item.create',
        previous_item_id: 'o1',
        item: {
          id: 'new_1',
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Weather?' }],
        },
      },
    ]);
  });

  it('re-creates a moved function call and its output with their call id, name, arguments and output', () => {
    const edits = historyEdits(history, [history[0]!, history[3]!, call, out], ids());
    expect(edits).toEqual([
      { type: 'conversation.item.delete', item_id: 'c1' },
      { type: 'conversation.item.delete', item_id: 'o1' },
      {
        type: 'conversation.item.create',
        previous_item_id: 'a1',
        item: {
          id: 'new_1',
          type: 'function_call',
          call_id: 'call_1',
          name: 'get_weather',
          arguments: '{"city":"Oslo"}',
        },
      },
      {
        type: 'conversation.item.create',
        previous_item_id: 'new_1',
        item: { id: 'new_2', type: 'function_call_output', call_id: 'call_1', output: '7°C' },
      },
    ]);
  });

  it('refuses what it cannot do, naming the item and what is allowed', () => {
    const err = (next: unknown) => {
      try {
        historyEdits(history, next as never, ids());
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(err('u1')).toMatch(/expected an array of history items, got string/);
    expect(err([{ ...history[0]!, itemId: 'gone' }])).toMatch(
      /item 0 has itemId 'gone', which is not in session\.history/,
    );
    expect(err([history[0], history[0]])).toMatch(/item 1 \('u1'\) appears twice/);
    expect(err([{ type: 'message', role: 'robot', text: 'x' }])).toMatch(
      /role "robot"; allowed: user, assistant, system/,
    );
    expect(err([{ type: 'message', role: 'user', text: 3 }])).toMatch(
      /item 0 needs text as a string, got number/,
    );
    expect(err([{ type: 'reasoning' }])).toMatch(
      /item 0 is neither an item of session\.history nor a new message/,
    );
    const mcp = {
      itemId: 'm1',
      type: 'mcp_call',
      raw: { id: 'm1', type: 'mcp_call' },
    } as unknown as HistoryItem;
    expect(() => historyEdits([mcp, ...history], [...history, mcp], ids())).toThrow(
      /a mcp_call item \('m1'\) cannot be created by a client; keep it where it is or leave it out/,
    );
  });

  it('item ids are unique and within the 32 characters the API allows', () => {
    const a = itemIds();
    const b = itemIds();
    const all = [a(), a(), b(), b()];
    expect(new Set(all).size).toBe(4);
    for (const id of all) expect(id.length).toBeLessThanOrEqual(32);
  });
});
