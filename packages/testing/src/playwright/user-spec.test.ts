// The Playwright fixtures as a user runs them: an inline spec in a scratch project inside this
// package, run by a child `playwright test` in Chromium. It loads the package's built `dist/`
// (the suite builds first), as an installed copy would.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../../../scripts/chromium.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = join(pkg, `.user-spec-pw-${process.pid}`);
const cli = join(
  dirname(createRequire(join(pkg, 'package.json')).resolve('@playwright/test/package.json')),
  'cli.js',
);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const spec = `
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { expect, test } from '@realtime-agents/testing/playwright';

// A page that listens to the microphone and keeps the loudest sample it heard.
const html = \`<!doctype html><title>mic</title><script>
window.level = 0;
window.listen = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const ctx = new AudioContext();
  const analyser = ctx.createAnalyser();
  ctx.createMediaStreamSource(stream).connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  setInterval(() => {
    analyser.getFloatTimeDomainData(buf);
    for (const v of buf) window.level = Math.max(window.level, Math.abs(v));
  }, 10);
};
</script>\`;
let server: Server;
let url = '';
test.beforeAll(async () => {
  server = createServer((_req, res) => res.setHeader('content-type', 'text/html').end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = \`http://127.0.0.1:\${(server.address() as { port: number }).port}/\`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.use({ emulatorScript: [{ respond: { text: 'Sunny.' } }] });

test('the page hears the sentence the microphone says', async ({ page, microphone }) => {
  await page.goto(url);
  await page.evaluate(() => (window as any).listen());
  expect(await page.evaluate(() => (window as any).level)).toBe(0);
  await microphone.say('The weather in Paris is sunny.');
  expect(await page.evaluate(() => (window as any).level)).toBeGreaterThan(0.05);
});

test('the emulator runs on loopback and mints keys', async ({ emulator, request }) => {
  expect(emulator.baseUrl).toMatch(/^http:\\/\\/127\\.0\\.0\\.1:\\d+\\/v1$/);
  const res = await request.post(\`\${emulator.baseUrl}/realtime/client_secrets\`, {
    headers: { authorization: 'Bearer sk-test' },
    data: { session: { type: 'realtime', model: 'gpt-realtime' } },
  });
  expect((await res.json()).value).toMatch(/^ek_/);
});

test('a float WAV', async ({ page, microphone }, info) => {
  const path = info.outputPath('float.wav');
  const b = Buffer.alloc(52);
  b.write('RIFF', 0); b.writeUInt32LE(44, 4); b.write('WAVE', 8); b.write('fmt ', 12);
  b.writeUInt32LE(16, 16); b.writeUInt16LE(3, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(48000, 24);
  b.writeUInt32LE(192000, 28); b.writeUInt16LE(4, 32); b.writeUInt16LE(32, 34); b.write('data', 36); b.writeUInt32LE(8, 40);
  writeFileSync(path, b);
  await page.goto(url);
  await microphone.playWav(path);
});

test('speaking before the page loaded', async ({ microphone }) => {
  await microphone.say('Hello');
});
`;

interface PwSpec {
  title: string;
  tests: Array<{ results: Array<{ status: string; error?: { message?: string } }> }>;
}
interface PwSuite {
  specs?: PwSpec[];
  suites?: PwSuite[];
}

function collect(suite: PwSuite, out: Record<string, { status: string; error: string }>) {
  for (const s of suite.specs ?? []) {
    const r = s.tests[0]?.results[0];
    out[s.title] = { status: r?.status ?? 'none', error: r?.error?.message ?? '' };
  }
  for (const child of suite.suites ?? []) collect(child, out);
  return out;
}

describe('a user spec run by a child playwright', () => {
  it('speaks through the fake microphone, serves the emulator, and explains misuse', () => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const launch = { executablePath: chromiumPath(), args: chromiumArgs() };
    writeFileSync(
      join(scratch, 'playwright.config.mjs'),
      `export default { testDir: '.', outputDir: './out', workers: 1, timeout: 30000, use: { launchOptions: ${JSON.stringify(launch)} } };\n`,
    );
    writeFileSync(join(scratch, 'voice.spec.ts'), spec);
    const r = spawnSync(process.execPath, [cli, 'test', '--reporter=json'], {
      cwd: scratch,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: '', FORCE_COLOR: '0' },
    });
    const report = JSON.parse(r.stdout) as { suites: PwSuite[] };
    const byTitle = collect({ suites: report.suites }, {});
    expect(byTitle['the page hears the sentence the microphone says'], r.stderr).toEqual({
      status: 'passed',
      error: '',
    });
    expect(byTitle['the emulator runs on loopback and mints keys']).toEqual({ status: 'passed', error: '' });
    expect(byTitle['a float WAV']?.status).toBe('failed');
    expect(byTitle['a float WAV']?.error).toContain(
      'float.wav is 32-bit float; the microphone plays 16-bit PCM (format 1) only — convert it with: ffmpeg',
    );
    expect(byTitle['speaking before the page loaded']?.status).toBe('failed');
    expect(byTitle['speaking before the page loaded']?.error).toContain(
      'The fake microphone is not installed in this document: navigate (page.goto) after the microphone fixture set it up',
    );
    expect(r.status).toBe(1);
  });
});
