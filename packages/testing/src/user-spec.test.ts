// The kit as a user runs it: an inline spec file run by a child Vitest.
import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, results, runVitest } from './child-vitest.test-support.js';

afterAll(removeScratch);

describe('a user spec run by a child vitest', () => {
  it('passes with the matchers, connectScripted and a real emulator; fails with clear messages', () => {
    const { status, report, output } = runVitest({
      'agent.spec.ts': `
import { RealtimeAgent, realtimeHandoff, tool } from '@realtime-agents/core';
import { connectScripted } from '@realtime-agents/testing';
import { useEmulator } from '@realtime-agents/testing/emulator';
import '@realtime-agents/testing/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => 'Sunny in ' + city,
});
const spanish = new RealtimeAgent({ name: 'Spanish' });
const agent = new RealtimeAgent({ name: 'Main', tools: [getWeather], handoffs: [realtimeHandoff(spanish)] });
const emu = useEmulator({ beforeAll, afterAll });

it('calls the weather tool and says so', async () => {
  const s = await connectScripted(agent);
  s.feed(s.script.functionCalls([{ name: 'get_weather', arguments: '{"city":"Paris"}' }]).events);
  await s.settle();
  s.feed(s.script.spoken('The weather in Paris is sunny.').events);
  s.feed(s.script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]).events);
  await s.settle();
  expect(s).toHaveSaid(/weather/);
  expect(s).toHaveCalledTool('get_weather', { city: 'Paris' });
  expect(s).toHaveHandedOffTo('Spanish');
});

it('wrong city', async () => {
  const s = await connectScripted(agent);
  s.feed(s.script.functionCalls([{ name: 'get_weather', arguments: '{"city":"Paris"}' }]).events);
  await s.settle();
  expect(s).toHaveCalledTool('get_weather', { city: 'Oslo' });
});

it('reaches the emulator', async () => {
  expect(emu.wsUrl).toMatch(/^ws:\\/\\/127\\.0\\.0\\.1:\\d+\\/v1\\/realtime$/);
});
`,
      'misuse.spec.ts': `
import { useEmulator } from '@realtime-agents/testing/emulator';
import { afterAll, beforeAll, it } from 'vitest';

const emu = useEmulator({ beforeAll, afterAll });
const url = emu.wsUrl;


it('never runs', () => void url);
`,
      'typo.spec.ts': `
import { useEmulator } from '@realtime-agents/testing/emulator';
import { afterAll, beforeAll, it } from 'vitest';

const emu = useEmulator({ beforeAll, afterAll }, { scirpt: [{ respond: { text: 'Hi' } }] } as never);

it('never runs', () => void emu);
`,
    });
    const byTitle = results(report);
    expect(byTitle['calls the weather tool and says so']?.status, output).toBe('passed');
    expect(byTitle['reaches the emulator']?.status, output).toBe('passed');
    expect(byTitle['wrong city']?.status).toBe('failed');
    expect(byTitle['wrong city']?.failure).toContain(
      'expected a call to get_weather({"city":"Oslo"}), but the calls were:\n  - get_weather({"city":"Paris"})',
    );
    const misuse = report.testResults.find((f) => f.assertionResults.length === 0);
    expect(misuse?.message).toContain(
      'The emulator is not started yet: useEmulator() starts it in beforeAll',
    );
    expect(status).toBe(1);
  });
});
