import { RealtimeAgent, realtimeHandoff, tool } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectScripted, recordEvents } from './index.js';
import { toHaveCalledTool, toHaveHandedOffTo, toHaveSaid } from './matchers.js';
import './vitest.js';

const weather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string(), unit: z.enum(['C', 'F']).default('C') }),
  execute: ({ city }) => `Sunny in ${city}`,
});
const spanish = new RealtimeAgent({ name: 'Spanish' });
const agent = new RealtimeAgent({ name: 'Main', tools: [weather], handoffs: [realtimeHandoff(spanish)] });

async function conversation() {
  const s = await connectScripted(agent);
  s.feed(s.script.functionCalls([{ name: 'get_weather', arguments: '{"city":"Paris"}' }]).events);
  await s.settle();
  s.feed(s.script.spoken('The weather in Paris is sunny.').events);
  s.feed(s.script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]).events);
  await s.settle();
  return s;
}

describe('matchers on a scripted session', () => {
  it('pass on what happened, as expect(…) assertions', async () => {
    const s = await conversation();
    expect(s).toHaveSaid(/weather/);
    expect(s).toHaveSaid('sunny');
    expect(s).toHaveCalledTool('get_weather');
    expect(s).toHaveCalledTool('get_weather', { city: 'Paris' });
    expect(s).toHaveHandedOffTo('Spanish');
    expect(s.events).toHaveHandedOffTo('Spanish');
    expect(s).not.toHaveSaid(/rain/);
    expect(s).not.toHaveCalledTool('get_weather', { city: 'Oslo' });
    expect(s).not.toHaveHandedOffTo('French');
  });

  it('fail with what was expected and what happened instead', async () => {
    const s = await conversation();
    const said = toHaveSaid(s, /rain/);
    expect(said.pass).toBe(false);
    expect(said.message()).toBe(
      'expected the agent to have said /rain/, but it said:\n  - "The weather in Paris is sunny."',
    );
    const called = toHaveCalledTool(s, 'get_weather', { city: 'Oslo' });
    expect(called.pass).toBe(false);
    expect(called.message()).toBe(
      'expected a call to get_weather({"city":"Oslo"}), but the calls were:\n' +
        '  - get_weather({"city":"Paris","unit":"C"})',
    );
    const handed = toHaveHandedOffTo(s, 'French');
    expect(handed.message()).toBe(
      'expected a handoff to "French", but the handoffs were:\n  - Main → Spanish',
    );
    const fresh = await connectScripted(agent);
    expect(toHaveSaid(fresh, 'x').message()).toBe(
      'expected the agent to have said "x", but it said:\n  (nothing)',
    );
  });

  it('refuses what it cannot read, saying what it accepts', async () => {
    const s = await connectScripted(agent);
    expect(() => toHaveSaid(s.session, /x/)).toThrow(
      /toHaveSaid: expected the result of connectScripted\(\), recordEvents\(session\) or an array of session events, got an object without an `events` array.*recordEvents\(session\)/,
    );
    expect(() => toHaveSaid(s, 42 as never)).toThrow('toHaveSaid: expected a string or a RegExp, got 42');
    expect(() => toHaveCalledTool(s, '')).toThrow(
      'toHaveCalledTool: expected a tool name (a non-empty string), got ""',
    );
  });

  it('reads a live session through recordEvents', async () => {
    const s = await connectScripted(agent);
    const recorded = recordEvents(s.session);
    s.feed(s.script.spoken('Hello there').events);
    expect(recorded).toHaveSaid('Hello');
  });
});
