// The README's `npm run demo:react`, run for real in this checkout: it must print the URL; the React
// demo (apps/react-demo, on @realtime-agents/react) must connect to the local emulator, take a voice
// turn from the fake microphone, run a text turn, a tool call the user approves and a handoff; Ctrl-C
// must stop it. Uses its own server, so the webServer of the other specs is untouched.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const HEARD = "I heard you speak, but this emulator has no transcriber, so I can't tell what you said.";

test.describe.configure({ mode: 'serial' });

let child: ChildProcess | null = null;
let url = '';
const output: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  // a group of its own, so Ctrl-C (SIGINT to the group) reaches npm, the script and the server
  child = spawn('npm', ['run', 'demo:react'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: String(port), OPENAI_API_KEY: '', EMULATOR_PORT: '0', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  const deadline = Date.now() + 110_000;
  for (;;) {
    const m = /Realtime Agents React demo: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.join(''));
    if (m) {
      url = m[1]!;
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm run demo:react printed no URL:\n${output.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(output.join('')).toContain('Backend: local emulator at http://127.0.0.1:');
});

test.afterAll(async () => {
  const c = child;
  if (!c?.pid || c.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  process.kill(-c.pid, 'SIGINT');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  expect(c.exitCode !== null || c.signalCode !== null, 'npm run demo:react still running after Ctrl-C').toBe(
    true,
  );
  expect(output.join('')).toContain('Realtime Agents React demo stopped.');
});

async function connect(page: Page, transport: 'webrtc' | 'websocket', turns: 'vad' | 'ptt') {
  await page.goto(url);
  await expect(page.getByTestId('backend')).toHaveText('Local emulator');
  await page.getByTestId('transport').selectOption(transport);
  await page.getByTestId('turn-mode').selectOption(turns);
  await page.getByTestId('connect').click();
  await expect(page.getByTestId('status')).toHaveText('connected');
  await expect(page.getByTestId('connect')).toHaveText('Disconnect');
}

const entries = (page: Page, role: 'user' | 'assistant') =>
  page.getByTestId('transcript').locator(`li[data-role="${role}"]`);

async function send(page: Page, text: string) {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('send').click();
}

test('a voice turn from the microphone over WebRTC: levels move, the agent answers out loud', async ({
  page,
}) => {
  await connect(page, 'webrtc', 'vad');
  await expect(entries(page, 'user').first()).toContainText(/\[speech \d+\.\d s\]/, { timeout: 20_000 });
  await expect(entries(page, 'assistant').first()).toContainText(HEARD, { timeout: 15_000 });
  // bars were drawn from the real speaker level while the answer played
  await expect
    .poll(
      () =>
        page
          .getByTestId('speaker-level')
          .locator('[data-part="bar"]')
          .evaluateAll((bars) =>
            Math.max(...bars.map((b) => Number((b as HTMLElement).style.getPropertyValue('--level')))),
          ),
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0.2);
  await expect(page.getByTestId('agent-state')).toHaveText('listening', { timeout: 15_000 });
  await expect(page.getByTestId('latency')).toContainText('(1 turns)');
});

test('text turn, tool approval and handoff over WebSocket with push-to-talk', async ({ page }) => {
  await connect(page, 'websocket', 'ptt');
  await expect(page.getByTestId('mic')).toHaveText('Hold to talk');

  await send(page, 'Hello there!');
  await expect(entries(page, 'user').first()).toHaveText('You: Hello there!');
  await expect(entries(page, 'assistant').first()).toContainText('Hello there!');
  await expect(entries(page, 'assistant').first()).toHaveAttribute('data-streaming', 'false');

  await send(page, 'Book a table at 8pm, for Ana');
  const approval = page.getByRole('group', { name: 'Allow book_table?' });
  await expect(approval).toBeVisible();
  await expect(page.locator('[data-testid="tool-call"][data-tool="book_table"]')).toHaveAttribute(
    'data-status',
    'awaiting_approval',
  );
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(page.locator('[data-testid="tool-call"][data-tool="book_table"]')).toHaveAttribute(
    'data-status',
    'done',
  );
  await expect(approval).toHaveCount(0);
  await expect(entries(page, 'assistant').last()).toContainText('book_table returned');

  await send(page, 'Can we speak Spanish?');
  await expect(page.getByTestId('agent-name')).toHaveText('Spanish');
  await expect(entries(page, 'assistant').last()).toContainText('¡Hola! Soy Spanish.');

  await page.getByTestId('connect').click();
  await expect(page.getByTestId('status')).toHaveText('closed');
});
