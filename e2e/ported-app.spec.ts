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
import { type Brain, createDefaultBrain, type Emulator, startEmulator } from '@realtime-agents/emulator';
import { expect as baseExpect, type Page, test } from '@playwright/test';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
// Each test is a whole conversation over WebRTC with speech played in real time: generous limits, so
// a loaded 2-core machine slows the spec down instead of failing it.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });
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

/**
 * The default brain, except that "… with bad arguments" makes the model call get_weather with a
 * number for `city` (a real model can send arguments that do not match the schema).
 */
const defaultBrain = createDefaultBrain();
const brain: Brain = {
  respond(input) {
    const last = input.conversation.at(-1) as
      | { role?: string; content?: Array<{ text?: string }> }
      | undefined;
    if (last?.role === 'user' && last.content?.some((c) => c.text?.includes('with bad arguments')))
      return { outputs: [{ type: 'function_call', name: 'get_weather', arguments: '{"city":42}' }] };
    return defaultBrain.respond(input);
  },
};

test.beforeAll(async () => {
  emulator = await startEmulator({ brain });
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

interface Wire {
  /** Client events the emulator received, oldest first. */
  sent: Array<Record<string, unknown>>;
  /** Server events the emulator sent, oldest first. */
  received: Array<Record<string, unknown>>;
  /** Whether the emulator is playing assistant audio into the call. */
  playing(): boolean;
  /** Whether a response is in progress. */
  responding(): boolean;
  drop(): void;
  items(): Array<Record<string, unknown>>;
}

/** The emulator's session for the page's connection, with the events both ways from now on. */
function tap(): Wire {
  const session = [...emulator.sessions.values()].at(-1)!;
  const sent: Wire['sent'] = [];
  const received: Wire['received'] = [];
  let playing = false;
  let responding = false;
  session.addListener((json) => {
    const e = JSON.parse(json) as Record<string, unknown>;
    received.push(e);
    if (e.type === 'output_audio_buffer.started') playing = true;
    if (e.type === 'response.created') responding = true;
    if (e.type === 'response.done') responding = false;
    if (e.type === 'output_audio_buffer.stopped' || e.type === 'output_audio_buffer.cleared') playing = false;
  });
  const receive = session.receive.bind(session);
  session.receive = (raw: string) => {
    sent.push(JSON.parse(raw));
    receive(raw);
  };
  return {
    sent,
    received,
    playing: () => playing,
    responding: () => responding,
    drop: () => session.drop(),
    items: () => session.conversation.items.map((s) => s.item as unknown as Record<string, unknown>),
  };
}

/** Open the app and connect. */
async function open(page: Page, app: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}?app=${app}`);
  await expect(page.locator('#app')).toHaveText(app);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('status')).toHaveText('connected');
  await expect(page.getByTestId('agent')).toHaveText('Concierge');
  return errors;
}

/**
 * Like {@link open}, then waits for quiet: the fake microphone plays one utterance from the moment
 * the page opens it, which the emulator (no transcriber) answers with "I heard you speak…" — unless
 * the call carried no audio yet while it played (a slow connect). Returns the session's wire.
 */
async function openQuiet(page: Page, app: string): Promise<{ errors: string[]; wire: Wire }> {
  await expect.poll(() => emulator.sessions.size).toBe(0);
  const opened = open(page, app);
  await expect.poll(() => emulator.sessions.size, { timeout: 15_000 }).toBe(1);
  const wire = tap();
  const errors = await opened;
  const connectedAt = Date.now();
  await expect
    .poll(
      () => {
        const heard = wire.received.findIndex((e) => e.type === 'input_audio_buffer.speech_started');
        if (heard < 0) return Date.now() - connectedAt > 6000;
        const after = wire.received.slice(heard);
        return (
          after.some((e) => e.type === 'output_audio_buffer.started') && !wire.playing() && !wire.responding()
        );
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return { errors, wire };
}

for (const app of APPS) {
  test(`${app}: typed turn streams, weather tool, approval waits, handoff switches agent`, async ({
    page,
  }) => {
    const { errors } = await openQuiet(page, app);

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

/** What each app did, printed for the migration guide's behaviour table. */
const seen: Record<string, Record<string, unknown>> = {};
test.afterAll(() => {
  if (Object.keys(seen).length)
    console.log(
      `ported-app behaviour: ${JSON.stringify(seen, (_k, v) => (typeof v === 'string' && v.length > 90 ? `${v.slice(0, 90)}…` : v))}`,
    );
});

const LONG =
  'Please tell me everything about the old harbour, the lighthouse on the cliffs, the fishing boats that leave at dawn and the market that opens at noon';
const typesSince = (list: Array<Record<string, unknown>>, from: number) =>
  list.slice(from).map((e) => e.type);

for (const app of APPS) {
  test(`${app}: interrupt, bad tool arguments, dropped connection`, async ({ page }) => {
    const { errors, wire } = await openQuiet(page, app);
    const out: Record<string, unknown> = {};
    seen[app] = out;

    // interrupt: a long answer (~10 s of speech), cut 1 s after the emulator starts playing it
    await say(page, LONG);
    await expect(assistant(page, 'You said: "Please tell me')).toHaveCount(1);
    const key = await assistant(page, 'You said: "Please tell me').getAttribute('data-key');
    const long = page.locator(`#transcript li[data-key="${key}"]`);
    await expect.poll(() => wire.playing()).toBe(true);
    await page.waitForTimeout(1000);
    const [c0, s0] = [wire.sent.length, wire.received.length];
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await page.waitForTimeout(1000);
    out.interruptSent = typesSince(wire.sent, c0);
    out.interruptServer = typesSince(wire.received, s0);
    const truncated = wire.received.slice(s0).find((e) => e.type === 'conversation.item.truncated');
    out.truncatedAtMs = truncated?.audio_end_ms ?? null;
    out.interruptPage = { text: await long.textContent(), done: await long.getAttribute('data-done') };

    // bad tool arguments: the model calls get_weather with { city: 42 }
    const c1 = wire.sent.length;
    const errorsBefore = await page.locator('#errors li').count();
    await say(page, 'Check the weather with bad arguments');
    await expect(assistant(page, 'Here is what get_weather returned')).toHaveAttribute('data-done', 'true');
    const output = wire.sent
      .slice(c1)
      .find((e) => (e.item as { type?: string } | undefined)?.type === 'function_call_output');
    out.badArgsToModel = (output?.item as { output?: string } | undefined)?.output ?? null;
    out.badArgsErrorEvents = (await page.locator('#errors li').allTextContents()).slice(errorsBefore);
    await say(page, 'Hello again');
    await expect(assistant(page, 'You said: "Hello again"')).toHaveAttribute('data-done', 'true');

    // dropped connection: the emulator cuts the call; then the user asks what they said before
    await page.evaluate(() => {
      const el = document.getElementById('status')!;
      const log: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = log;
      new MutationObserver(() => log.push(el.textContent ?? '')).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    wire.drop();
    await page.waitForTimeout(3000);
    if (app === 'ours') await expect(page.getByTestId('status')).toHaveText('connected', { timeout: 15_000 });
    out.dropStatuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
    const next = [...emulator.sessions.values()].filter((s) => !s.closed);
    out.dropReconnected = next.length === 1;
    // what the new connection's conversation holds (re-seeded by the client)
    out.dropReseededUserTexts = (next[0]?.conversation.items ?? []).flatMap(({ item }) =>
      item.type === 'message' && item.role === 'user'
        ? (item.content as Array<{ text?: string }>).flatMap((c) => (c.text ? [c.text] : []))
        : [],
    );
    await say(page, 'What did I just say before?');
    const memory = assistant(page, 'Before that you said');
    if (app === 'ours') await expect(memory).toHaveAttribute('data-done', 'true', { timeout: 15_000 });
    else await page.waitForTimeout(3000);
    out.dropAnswer = (await memory.allTextContents()).at(0) ?? null;
    out.dropErrors = (await page.locator('#errors li').allTextContents()).slice(
      errorsBefore + (out.badArgsErrorEvents as string[]).length,
    );
    out.pageErrors = errors;

    // what the guide's behaviour table says
    expect(out.interruptSent).toContain('output_audio_buffer.clear'); // both: the server truncates (WebRTC)
    expect(out.truncatedAtMs).toBeGreaterThan(0);
    if (app === 'ours') {
      expect(out.interruptSent).not.toContain('conversation.item.retrieve');
      expect(out.badArgsToModel).toBe(
        "Error: invalid arguments for 'get_weather': city: got 42, expected string. Fix the arguments and call it again.",
      );
      expect(out.badArgsErrorEvents).toEqual([
        "Tool 'get_weather' got invalid arguments: city: got 42, expected string",
      ]);
      expect(out.dropStatuses).toEqual(['disconnected', 'reconnecting', 'connected']);
      expect(out.dropReconnected).toBe(true);
      expect(out.dropReseededUserTexts).toEqual(expect.arrayContaining(['Hello again', LONG]));
      // the fake microphone starts its file again on the new call, so the turn before may be that speech
      expect(out.dropAnswer).toMatch(/^Before that you said: "(Hello again|\[speech [\d.]+ s\])"\.$/);
      expect(errors).toEqual([]);
    } else {
      expect(out.interruptSent).toContain('conversation.item.retrieve');
      expect(out.badArgsToModel).toBe('An error occurred while running the tool. Please try again.');
      expect(out.badArgsErrorEvents).toEqual([]);
      expect(out.dropStatuses).toEqual(['disconnected']);
      expect(out.dropReconnected).toBe(false);
      expect(out.dropAnswer).toBeNull();
      expect(errors).toContain(
        'WebRTC data channel is not connected. Make sure you call `connect()` before sending events.',
      );
    }
    await page.getByRole('button', { name: 'Hang up' }).click();
  });
}

for (const app of APPS) {
  test(`${app}: the output guardrail trips and the model is asked again`, async ({ page }) => {
    const { errors, wire } = await openQuiet(page, app);
    const out: Record<string, unknown> = {};
    seen[`${app} guardrail`] = out;

    // the output guardrail: the answer repeats a password, the guardrail trips; the emulator's model
    // only ever repeats the last user message, so it never gives a corrected answer
    const c2 = wire.sent.length;
    await say(page, 'My password is hunter2');
    const trips = page.locator('#guardrails li');
    await expect(trips.first()).toContainText('no_passwords: You said: "My password');
    // theirs keeps going with no limit, so its count can pass 3 between two looks: at least 3
    await expect.poll(() => trips.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(3000); // and then: more trips (theirs) or none (ours)
    out.guardrailTrips = await trips.count();
    out.guardrailCorrections = wire.sent
      .slice(c2)
      .filter((e) => e.type === 'conversation.item.create')
      .map((e) => {
        const item = e.item as { role?: string; content?: Array<{ text?: string }> };
        return `${item.role}: ${item.content?.map((c) => c.text ?? '').join('')}`;
      });
    if (app === 'ours') {
      // guardrails.retryPolicy's default: at most 2 corrective requests per user turn, as system messages
      expect(out.guardrailTrips).toBe(3);
      expect(out.guardrailCorrections).toEqual([
        'user: My password is hunter2',
        ...Array(2).fill(
          "system: Your last answer was blocked by the output guardrail 'no_passwords'. Policy: Never say a password out loud. Apologize briefly and answer again without that content.",
        ),
      ]);
    } else {
      // no limit: a corrective user message after every trip, for as long as the model repeats itself
      expect(out.guardrailTrips).toBeGreaterThanOrEqual(3);
      const corrections = (out.guardrailCorrections as string[]).slice(1);
      expect(corrections.length).toBeGreaterThanOrEqual(2);
      for (const c of corrections)
        expect(c).toMatch(
          /^user: ⚠️ Your last answer was blocked\. \nFailed Guardrail Reason: Never say a password out loud\.\./,
        );
    }
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'Hang up' }).click();
  });
}
