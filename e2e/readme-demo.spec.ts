// The README's first command, exactly as written, on a fresh clone: `npm run demo` in a `git clone`
// of HEAD with a clean environment (no OPENAI_API_KEY, CI=true, none of this run's pnpm or npm
// settings). It must print the URL; the page must connect, run a tool turn and show the answer;
// Ctrl-C (SIGINT to the process group, as a terminal sends it) must leave nothing running or listening.
// It tests what is committed: uncommitted changes are not in the clone.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoPage, expect, test } from './fixtures.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** This process's environment as a new user's shell would have it. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|OPENAI_|PORT$|EMULATOR_PORT$|E2E_|PLAYWRIGHT_|PW_|VITEST)/i.test(key)
    )
      continue;
    env[key] = value;
  }
  // drop this checkout's own bins (its pnpm in .tools, its node_modules/.bin) from PATH
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.startsWith(root))
    .join(delimiter);
  env.CI = 'true';
  return env;
}

/** Resolves with the first match of `re` in the child's output; rejects if it exits first. */
function waitForOutput(
  child: ChildProcess,
  log: string[],
  re: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${re} within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      const m = re.exec(log.join(''));
      if (m) done(null, m);
    };
    const onExit = (code: number | null) =>
      done(new Error(`npm run demo exited (${code}) before printing ${re}`));
    const done = (error: Error | null, m?: RegExpExecArray) => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
      if (error) reject(new Error(`${error.message}\n--- output ---\n${log.join('').slice(-4000)}`));
      else resolve(m as RegExpExecArray);
    };
    child.stdout?.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

// A plain browser page (`browser.newPage()`), not the suite's `page`: that one sends the app's
// Realtime API traffic, `/config` and `POST /session` to the worker's emulator, and the clone must
// be answered by its own server and emulator alone.
test('README: `npm run demo` on a fresh clone prints the URL, answers a tool turn, stops on Ctrl-C', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'readme-demo-'));
  let child: ChildProcess | undefined;
  const page = await browser.newPage();
  try {
    execFileSync('git', ['clone', '--quiet', root, dir]);
    const log: string[] = [];
    const started = Date.now();
    child = spawn('npm', ['run', 'demo'], { cwd: dir, env: cleanEnv(), detached: true });
    child.stdout?.on('data', (d) => log.push(String(d)));
    child.stderr?.on('data', (d) => log.push(String(d)));

    const [, url] = await waitForOutput(child, log, /Realtime Agents demo: (http:\/\/\S+)/, 240_000);
    const [, emulatorUrl] = await waitForOutput(child, log, /local emulator at (http:\/\/\S+)/, 5_000);
    test.info().annotations.push({ type: 'time to URL', description: `${Date.now() - started} ms` });
    const ports = [Number(new URL(url as string).port), Number(new URL(emulatorUrl as string).port)];
    for (const port of ports) expect(await listening(port), `port ${port} listens`).toBe(true);

    const demo = new DemoPage(page);
    await demo.goto(url);
    await demo.connect();
    await demo.say("What's the weather in Paris?");
    const card = demo.toolCard('get_weather');
    await expect(card).toHaveAttribute('data-status', 'done');
    expect(await demo.json(card.getByTestId('tool-args'))).toEqual({ city: 'Paris' });
    await demo.waitForEntry('assistant', 'Here is what get_weather returned: Sunny in Paris, 22°C');
    await demo.disconnect();
    await page.close();

    const pgid = child.pid as number;
    const exited = new Promise<string>((resolve) =>
      child?.once('exit', (code, signal) => resolve(`${code ?? signal}`)),
    );
    process.kill(-pgid, 'SIGINT');
    // npm re-raises the SIGINT it got (so a shell sees Ctrl-C); the demo server itself closes cleanly
    expect(await exited).toMatch(/^(0|SIGINT)$/);
    expect(log.join(''), 'the demo server shut down cleanly').toContain('Realtime Agents demo stopped.');
    await expect.poll(() => groupAlive(pgid), { message: 'no process of the demo is left' }).toBe(false);
    for (const port of ports) expect(await listening(port), `port ${port} is closed`).toBe(false);
  } finally {
    await page.context().close();
    if (child?.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
