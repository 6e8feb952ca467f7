// The `.` and `/vitest` entry points in Vitest browser mode (Chromium): no Node built-ins needed.
import { RealtimeAgent, realtimeHandoff, tool } from '@realtime-agents/core';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { connectScripted, toHaveCalledTool } from './index.js';
import './vitest.js';

const weather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}`,
});
const agent = new RealtimeAgent({
  name: 'Main',
  tools: [weather],
  handoffs: [realtimeHandoff(new RealtimeAgent({ name: 'Spanish' }))],
});

it('matches a scripted conversation in the browser, and explains a miss', async () => {
  expect('document' in globalThis).toBe(true);
  const s = await connectScripted(agent);
  s.feed(s.script.functionCalls([{ name: 'get_weather', arguments: '{"city":"Paris"}' }]).events);
  await s.settle();
  s.feed(s.script.spoken('The weather in Paris is sunny.').events);
  s.feed(s.script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]).events);
  await s.settle();
  expect(s).toHaveSaid(/weather/);
  expect(s).toHaveCalledTool('get_weather', { city: 'Paris' });
  expect(s).toHaveHandedOffTo('Spanish');
  expect(toHaveCalledTool(s, 'get_time').message()).toBe(
    'expected a call to get_time, but the calls were:\n  - get_weather({"city":"Paris"})',
  );
});
