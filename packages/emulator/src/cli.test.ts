/**
 * The built CLI (`dist/cli.js`, run `pnpm --filter @realtime-agents/emulator build` first) as a child
 * process: printed URLs, --api-key, --script over a real WebSocket, --tls, bad flags, --help, SIGTERM.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TestClient } from './test-support.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Cli {
  proc: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Cli[] = [];
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  for (const cli of running.splice(0)) {
    if (cli.proc.exitCode === null && cli.proc.signalCode === null) {
      cli.proc.kill('SIGKILL');
      await cli.exited;
    }
  }
});

function start(args: string[]): Cli {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  const cli: Cli = {
    proc,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => proc.on('close', (code, signal) => resolve({ code, signal }))),
  };
  proc.stdout.on('data', (d) => (cli.stdout += d));
  proc.stderr.on('data', (d) => (cli.stderr += d));
  running.push(cli);
  return cli;
}

/** Wait until stdout matches `re` (fails on timeout or if the process exits first). */
function waitForStdout(cli: Cli, re: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(cli.stdout);
      if (!m) return;
      done();
      resolve(m);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timeout waiting for ${re}; stdout: ${cli.stdout}; stderr: ${cli.stderr}`));
    }, timeoutMs);
    const onClose = (code: number | null) => {
      done();
      reject(new Error(`CLI exited (${code}) before ${re}; stdout: ${cli.stdout}; stderr: ${cli.stderr}`));
    };
    const done = () => {
      clearTimeout(timer);
      cli.proc.stdout.off('data', check);
      cli.proc.off('close', onClose);
    };
    cli.proc.stdout.on('data', check);
    cli.proc.on('close', onClose);
    check();
  });
}

/** Wait for the process to exit by itself (killed and failed after `timeoutMs`). */
async function exitOf(cli: Cli, timeoutMs = 15_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cli.proc.kill('SIGKILL');
      reject(new Error(`CLI did not exit; stdout: ${cli.stdout}; stderr: ${cli.stderr}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run the CLI to completion. */
async function run(args: string[]) {
  const cli = start(args);
  const { code } = await exitOf(cli);
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe.skipIf(!existsSync(CLI))('realtime-emulator CLI (dist/cli.js)', { timeout: 40_000 }, () => {
  it('--port 0 --api-key --script: prints its URLs, accepts only that key, runs the script', async () => {
    const script = tempFile(
      'turns.json',
      JSON.stringify({
        turns: [
          { match: 'hello', respond: { text: 'Hello from the CLI script.' } },
          { respond: { function_call: { name: 'get_weather', arguments: { city: 'Oslo' } } } },
        ],
        fallback: 'error',
      }),
    );
    const cli = start(['--port', '0', '--api-key', 'sk-only-this', '--script', script]);
    const [, baseUrl] = await waitForStdout(cli, /REST base URL\s+(http:\/\/127\.0\.0\.1:\d+\/v1)\n/);
    await waitForStdout(cli, /\n {2}Script .*\n/); // the last line of the banner
    const root = baseUrl!.replace(/\/v1$/, '');
    const port = new URL(baseUrl!).port;
    expect(Number(port)).toBeGreaterThan(0);
    expect(cli.stdout).toContain(`Realtime API emulator listening on ${root}\n`);
    expect(cli.stdout).toContain(`WebSocket         ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime\n`);
    expect(cli.stdout).toContain(`Client secrets    POST ${baseUrl}/realtime/client_secrets\n`);
    expect(cli.stdout).toContain(`WebRTC (SDP)      POST ${baseUrl}/realtime/calls\n`);
    expect(cli.stdout).toContain(`SIP test call     POST ${root}/emulator/sip/incoming\n`);
    expect(cli.stdout).toContain('Keys              the configured --api-key');
    expect(cli.stdout).toContain(`Script            ${script}\n`);

    const mint = (key?: string) =>
      fetch(`${baseUrl}/realtime/client_secrets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: '{}',
        signal: AbortSignal.timeout(5000),
      });
    // Another well-formed sk- key is refused with the API's 401 envelope.
    const refused = await mint('sk-other-key');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: {
        message: expect.stringContaining('Incorrect API key provided: sk-***.'),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    const missing = await mint();
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      "You didn't provide an API key",
    );
    const ok = await mint('sk-only-this');
    expect(ok.status).toBe(200);
    const secret = (await ok.json()) as { value: string };
    expect(secret.value).toMatch(/^ek_/);

    const wsUrl = `ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`;
    await expect(TestClient.connect(wsUrl, 'sk-other-key')).rejects.toMatchObject({ status: 401 });
    // A secret minted with the configured key works on the WebSocket too.
    const viaSecret = await TestClient.connect(wsUrl, secret.value);
    cleanup.push(() => viaSecret.close());
    await viaSecret.waitFor('session.created');

    const c = await TestClient.connect(wsUrl, 'sk-only-this');
    cleanup.push(() => c.close());
    const created = await c.waitFor('session.created');
    c.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    await c.waitFor('session.updated');
    const respond = async () => {
      const from = c.events.length;
      c.send({ type: 'response.create' });
      return (await c.waitFor('response.done', 5000, from)).response;
    };
    c.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello CLI' }] },
    });
    expect((await respond()).output[0].content).toEqual([
      { type: 'output_text', text: 'Hello from the CLI script.' },
    ]);
    expect((await respond()).output[0]).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
      call_id: expect.stringMatching(/^call_/),
    });
    const exhausted = await respond();
    expect(exhausted.status).toBe('failed');
    expect(exhausted.status_details.error.code).toBe('script_exhausted');
    await waitForStdout(cli, new RegExp(`session ${created.session.id} websocket model=gpt-realtime`));

    // SIGTERM closes the emulator and exits 0.
    cli.proc.kill('SIGTERM');
    expect(await exitOf(cli)).toEqual({ code: 0, signal: null });
    expect(await c.closed()).toBe(1006);
  });

  it('--tls prints https/wss URLs and serves TLS with its self-signed certificate', async () => {
    const cli = start(['--port', '0', '--tls']);
    const [, wsUrl] = await waitForStdout(cli, /WebSocket\s+(\S+)\n/);
    await waitForStdout(cli, /\n {2}Keys .*\n/); // the last line of the banner without --script
    expect(wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?model=gpt-realtime$/);
    const port = new URL(wsUrl!).port;
    expect(cli.stdout).toContain(`Realtime API emulator listening on https://127.0.0.1:${port}\n`);
    expect(cli.stdout).toContain(`REST base URL     https://127.0.0.1:${port}/v1\n`);
    expect(cli.stdout).toContain("Keys              any 'sk-…' key");
    const ws = new WebSocket(wsUrl!, {
      headers: { authorization: 'Bearer sk-any' },
      rejectUnauthorized: false,
    });
    cleanup.push(() => ws.terminate());
    const first = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no session.created over wss')), 5000);
      ws.once('message', (d) => {
        clearTimeout(t);
        resolve(d.toString());
      });
      ws.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
    expect(JSON.parse(first).type).toBe('session.created');
    // Plain ws:// on the TLS port does not get a session.
    const plain = new WebSocket(`ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime`, {
      headers: { authorization: 'Bearer sk-any' },
    });
    cleanup.push(() => plain.terminate());
    const outcome = await new Promise<string>((resolve) => {
      const t = setTimeout(() => resolve('timeout'), 5000);
      plain.once('open', () => {
        clearTimeout(t);
        resolve('open');
      });
      plain.once('error', () => {
        clearTimeout(t);
        resolve('error');
      });
    });
    expect(outcome).toBe('error');
  });

  it.each([
    ['abc', "got 'abc'"],
    ['70000', "got '70000'"],
    ['1.5', "got '1.5'"],
  ])('a bad --port %s exits 2 with a message naming --port', async (value, detail) => {
    const { code, stdout, stderr } = await run(['--port', value]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--port must be an integer 0–65535, ${detail}`);
    expect(stderr).toContain('Usage: realtime-emulator');
    expect(stdout).not.toContain('listening');
  });

  it('--help / -h print the usage with every flag and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await run([flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: realtime-emulator /);
      for (const f of [
        '--port',
        '--script',
        '--api-key',
        '--tls',
        '--fault',
        '--webhook-url',
        '--webhook-secret',
        '--stream-interval-ms',
        '--session-max-minutes',
      ])
        expect(stdout).toContain(f);
      expect(stdout).not.toContain('listening');
    }
  });

  it('a malformed or missing --script file exits 1 naming the problem', async () => {
    const bad = tempFile('bad.json', JSON.stringify([{ respond: { text: 'ok' } }, { match: 'x' }]));
    const malformed = await run(['--port', '0', '--script', bad]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('realtime-emulator: Script turn 1 has no "respond"');
    expect(malformed.stdout).not.toContain('listening');

    const missing = await run([
      '--port',
      '0',
      '--script',
      join(tmpdir(), `no-such-script-${process.pid}.json`),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/realtime-emulator: .*ENOENT/);
  });

  it('a port already in use exits 1 with EADDRINUSE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const { code, stderr, stdout } = await run(['--port', String(port)]);
    expect(code).toBe(1);
    expect(stderr).toContain('EADDRINUSE');
    expect(stdout).not.toContain('listening');
  });
});
