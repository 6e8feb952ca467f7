// The migration guide's ported app (apps/ported): the same concierge written on
// @openai/agents-realtime (theirs.ts) and on Realtime Agents (ours.ts), each bundled with esbuild and
// run in Chromium (fake microphone) over WebRTC against the local emulator, with an ephemeral key the
// page's backend mints from the emulator. Both must pass the same checks: a typed turn streams a
// transcript, the weather tool gets the right arguments, the approval-gated booking waits for the
// user, and the handoff switches agents. docs/migrating-from-agents-realtime.md ("One app, ported")
// quotes what this spec sees.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { expect, type Page, test } from '@playwright/test';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const appDir = join(here, '..', 'apps', 'ported');
const APPS = ['theirs', 'ours'] as const;

let emulator: Emulator;
let server: Server;
let url: string;

async function bundle(app: (typeof APPS)[number]): Promise<string> {
  const result = await build({
    entryPoints: [join(appDir, 'src', `${app}.ts`)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

test.beforeAll(async () => {
  emulator = await startEmulator();
  const js = Object.fromEntries(await Promise.all(APPS.map(async (a) => [a, await bundle(a)] as const)));
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/session') {
      // the app's backend: mints an ephemeral key with the standard key, as apps/demo's does
      const minted = await fetch(`${emulator.baseUrl}/realtime/client_secrets`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
        body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
      });
      res.writeHead(minted.status, { 'Content-Type': 'application/json' });
      res.end(await minted.text());
      return;
    }
    const body =
      path === '/config.js'
        ? `window.REALTIME_BASE_URL = ${JSON.stringify(emulator.baseUrl)};`
        : path === '/theirs.js' || path === '/ours.js'
          ? js[path.slice(1, -3)]
          : path === '/'
            ? html
            : undefined;
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': path.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

const assistant = (page: Page, text: string | RegExp) =>
  page.locator('#transcript li[data-role="assistant"]', { hasText: text });

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Open the app, connect, and let the fake microphone's one spoken turn be answered. */
async function open(page: Page, app: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}?app=${app}`);
  await expect(page.locator('#app')).toHaveText(app);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('status')).toHaveText('connected');
  await expect(page.getByTestId('agent')).toHaveText('Concierge');
  // the fake microphone plays one utterance; the emulator (no transcriber) answers it
  await expect(assistant(page, 'I heard you speak')).toHaveAttribute('data-done', 'true', {
    timeout: 15_000,
  });
  return errors;
}

for (const app of APPS) {
  test(`${app}: typed turn streams, weather tool, approval waits, handoff switches agent`, async ({
    page,
  }) => {
    const errors = await open(page, app);

    // a typed turn: the user's text, then the answer streamed in pieces
    await say(page, 'Hello there');
    await expect(page.locator('#transcript li[data-role="user"]', { hasText: 'Hello there' })).toHaveCount(1);
    const hello = assistant(page, 'You said: "Hello there"');
    await expect(hello).toHaveAttribute('data-done', 'true');
    expect(Number(await hello.getAttribute('data-partials'))).toBeGreaterThan(1);

    // the weather tool, called with the city the user named
    await say(page, 'What is the weather in Paris?');
    const weather = page.locator('#tools li[data-tool="get_weather"]');
    await expect(weather).toHaveAttribute('data-state', 'done');
    expect(JSON.parse((await weather.getAttribute('data-args'))!)).toEqual({ city: 'Paris' });
    await expect(weather).toHaveText('get_weather → Sunny in Paris, 22C');
    await expect(assistant(page, 'Here is what get_weather returned: Sunny in Paris, 22C')).toHaveAttribute(
      'data-done',
      'true',
    );

    // the booking waits for approval: nothing runs until the user clicks Approve
    await say(page, 'Book a table at Chez Panisse for 4 people');
    const approval = page.locator('#approvals li[data-tool="book_table"]');
    await expect(approval).toHaveAttribute('data-state', 'pending');
    await expect(approval).toContainText('"restaurant_name":"Chez Panisse"');
    await page.waitForTimeout(500);
    await expect(page.locator('#tools li[data-tool="book_table"][data-state="done"]')).toHaveCount(0);
    await expect(assistant(page, 'book_table')).toHaveCount(0);
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('#tools li[data-tool="book_table"]')).toHaveText(
      'book_table → Booked Chez Panisse for 4',
    );
    await expect(
      assistant(page, 'Here is what book_table returned: Booked Chez Panisse for 4'),
    ).toHaveAttribute('data-done', 'true');

    // the handoff: the Spanish agent takes over and answers
    await say(page, 'Can I talk to someone in Spanish?');
    await expect(page.getByTestId('handoffs')).toHaveText('Concierge → Spanish');
    await expect(page.getByTestId('agent')).toHaveText('Spanish');
    await expect(assistant(page, '¡Hola! Soy Spanish.')).toHaveAttribute('data-done', 'true');

    await expect(page.getByTestId('errors')).toHaveText('');
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => emulator.sessions.size).toBe(0);
  });
}
