// The kit as a user runs it: spec files written into a scratch project inside this package
// (so `@realtime-agents/testing` resolves as an installed dependency would) and run by a child
// Vitest, whose JSON report says which tests passed and with which failure messages.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(pkg, `.user-spec-${process.pid}`);
const vitestBin = join(
  dirname(createRequire(join(pkg, 'package.json')).resolve('vitest/package.json')),
  'vitest.mjs',
);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Report {
  testResults: Array<{
    message: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

/** Run `files` with a child Vitest; returns its exit code and report. */
function runVitest(files: Record<string, string>): { status: number | null; report: Report; output: string } {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // `source` first: the scratch project reads the workspace packages' TypeScript, as the repo's own tests do
  writeFileSync(
    join(scratch, 'vitest.config.mjs'),
    `export default { ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } }, test: { include: ['*.spec.ts'], testTimeout: 15000 } };\n`,
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(scratch, name), text);
  const out = join(scratch, 'report.json');
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--reporter=json', `--outputFile=${out}`], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, VITEST_JSON: '', NODE_OPTIONS: '' },
  });
  return {
    status: r.status,
    report: JSON.parse(readFileSync(out, 'utf8')) as Report,
    output: r.stdout + r.stderr,
  };
}

const results = (report: Report) =>
  Object.fromEntries(
    report.testResults.flatMap((f) =>
      f.assertionResults.map((a) => [a.title, { status: a.status, failure: a.failureMessages.join('\n') }]),
    ),
  );

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
