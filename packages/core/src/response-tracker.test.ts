// Responses as the user sees them when the server's events come twice or out of order.
import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { connectScripted } from './testing/connect-scripted.js';

const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });

describe('ResponseTracker', () => {
  it('a repeated response.done ends the response once and counts its usage once', async () => {
    const { feed, script, of, session } = await connectScripted(agent);
    const { events } = script.spoken('Hello there', { chunks: 2 });
    feed(events);
    feed([events.at(-1)!]);
    expect(of('agent_end').map((e) => [e.status, e.output])).toEqual([['completed', 'Hello there']]);
    expect(session.usage.requests).toBe(1);
  });

  it('a repeated response.created mid-response is ignored: one agent_start, one agent_end', async () => {
    const { feed, script, of } = await connectScripted(agent);
    const { events, responseId } = script.spoken('Hello there', { chunks: 2, done: false });
    feed(events.slice(0, 5)); // up to the first transcript delta
    feed([events[0]!]);
    feed(events.slice(5));
    // no final text in this response.done: agent_end falls back to what was streamed
    feed([script.event('response.done', { response: script.response(responseId, 'completed') })]);
    expect(of('agent_start')).toHaveLength(1);
    expect(of('agent_end').map((e) => e.output)).toEqual(['Hello there']);
  });

  it("agent_end carries the server's final text, not deltas that arrived out of order", async () => {
    const { feed, script, of } = await connectScripted(agent);
    const { events } = script.spoken('one two three', { chunks: 3 });
    const deltas = events.filter((e) => (e as { type: string }).type.endsWith('transcript.delta'));
    const [a, b] = [events.indexOf(deltas[0]!), events.indexOf(deltas[1]!)];
    [events[a], events[b]] = [events[b]!, events[a]!];
    feed(events);
    expect(of('agent_end').map((e) => e.output)).toEqual(['one two three']);
  });
});
