import { describe, expect, it } from 'vitest';
import type { HistoryItem } from './history.js';
import { planReseed } from './reseed.js';

const user = (id: string, text: string | null): HistoryItem => ({
  itemId: id,
  type: 'message',
  role: 'user',
  status: 'completed',
  text,
  content: [],
});
const assistant = (
  id: string,
  text: string,
  status: 'completed' | 'incomplete' = 'completed',
): HistoryItem => ({
  itemId: id,
  type: 'message',
  role: 'assistant',
  status,
  text,
  content: [],
});
const fnCall = (id: string, callId: string, output: string | null): HistoryItem => ({
  itemId: id,
  type: 'function_call',
  status: 'completed',
  name: 'get_weather',
  callId,
  arguments: '{"city":"Paris"}',
  output,
});
const fnOutput = (id: string, callId: string, output: string): HistoryItem => ({
  itemId: id,
  type: 'function_call_output',
  callId,
  output,
});

describe('planReseed', () => {
  it('replays text as input_text / output_text and calls with their outputs, ids kept', () => {
    const plan = planReseed([
      user('item_u1', 'Weather in Paris?'),
      fnCall('item_c1', 'call_1', 'Sunny'),
      fnOutput('item_o1', 'call_1', 'Sunny'),
      assistant('item_a1', 'It is sunny in Paris.'),
    ]);
    expect(plan.events.map((e) => e.item)).toEqual([
      {
        id: 'item_u1',
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Weather in Paris?' }],
      },
      {
        id: 'item_c1',
        type: 'function_call',
        call_id: 'call_1',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
      { id: 'item_o1', type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
      {
        id: 'item_a1',
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'It is sunny in Paris.' }],
      },
    ]);
    expect(
      plan.events.every((e) => e.type === 'conversation.item.create' && !('previous_item_id' in e)),
    ).toBe(true);
    expect(plan.itemIds).toEqual(['item_u1', 'item_c1', 'item_o1', 'item_a1']);
    expect(plan).toMatchObject({ omitted: 0, skipped: 0 });
  });

  it('replays a call still running without an output (the output follows when the tool ends)', () => {
    const plan = planReseed([user('u', 'Weather?'), fnCall('c', 'call_9', null)]);
    expect(plan.events.map((e) => e.item.type)).toEqual(['message', 'function_call']);
  });

  it('skips user audio that was never transcribed and unknown item types, and says so', () => {
    const mcp = { itemId: 'm', type: 'mcp_call', raw: { id: 'm', type: 'mcp_call' } } as HistoryItem;
    const plan = planReseed([user('u1', null), user('u2', ''), mcp, user('u3', 'hi')]);
    expect(plan.events).toHaveLength(1);
    expect(plan.skipped).toBe(3);
  });

  it('keeps the newest items within maxItems, never splitting a call from its output', () => {
    const history = [
      user('u1', 'one'),
      fnCall('c1', 'call_1', 'out'),
      fnOutput('o1', 'call_1', 'out'),
      assistant('a1', 'two'),
    ];
    const plan = planReseed(history, { maxItems: 2 });
    expect(plan.itemIds).toEqual(['a1']);
    expect(plan.omitted).toBe(3);
    expect(planReseed(history, { maxItems: 3 }).itemIds).toEqual(['c1', 'o1', 'a1']);
  });

  it('keeps the newest items within maxChars', () => {
    const plan = planReseed(
      [user('u1', 'x'.repeat(50)), user('u2', 'y'.repeat(30)), user('u3', 'z'.repeat(30))],
      {
        maxChars: 70,
      },
    );
    expect(plan.itemIds).toEqual(['u2', 'u3']);
    expect(plan.omitted).toBe(1);
  });

  it('replays a cut assistant turn with the text it holds (what was heard)', () => {
    const plan = planReseed([assistant('a', 'It is sun', 'incomplete')]);
    expect(plan.events[0]?.item).toMatchObject({ content: [{ type: 'output_text', text: 'It is sun' }] });
  });

  it('leaves ids longer than the API allows to the server', () => {
    const long = `item_${'x'.repeat(40)}`;
    const plan = planReseed([user(long, 'hi')]);
    expect(plan.events[0]?.item).not.toHaveProperty('id');
  });
});
