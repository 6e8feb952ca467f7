// The page before connecting: idle, wired to the emulator, and no standard API key in anything served.
import { expect, test } from './fixtures.js';

/** A standard (server-side) OpenAI key: `sk-…`, including `sk-proj-…` and the demo's `sk-emulator-…`. */
const STANDARD_KEY = /\bsk-[A-Za-z0-9_-]{8,}/;

test('loads idle against the emulator, with the controls of an unconnected session', async ({ demoPage }) => {
  await demoPage.expectState('idle');
  await expect(demoPage.status).toContainText('Idle');
  await expect(demoPage.byTestId('backend')).toHaveText('Local emulator');
  await expect(demoPage.connectButton).toHaveText('Connect');
  await expect(demoPage.connectButton).toHaveAttribute('data-action', 'connect');
  await expect(demoPage.agentName).toHaveText('Greeter');
  for (const id of ['mute', 'ptt', 'interrupt', 'text-input', 'send']) {
    await expect(demoPage.byTestId(id)).toBeDisabled();
  }
  await expect(demoPage.transport.locator('option')).toHaveText(['WebRTC', 'WebSocket']);
  await expect(demoPage.turnMode.locator('option')).toHaveText(['Voice activity', 'Push-to-talk']);
  // Failure drills are offered because the backend is the emulator.
  await expect(demoPage.byTestId('drill-field')).toBeVisible();
  await expect(demoPage.drill.locator('option')).toHaveText([
    /No drill/,
    /Expired key/,
    /HTTP 500/,
    /rate limited/,
    /drops mid-answer/,
    /rollover/,
    /ICE never connects/,
    /unreachable/,
  ]);
  await expect(demoPage.entries()).toHaveCount(0);
  await expect(demoPage.toolCalls.locator('[data-testid="tool-card"]')).toHaveCount(0);
  await expect(demoPage.byTestId('mic-level')).toHaveAttribute('data-active', 'false');
  await expect(demoPage.byTestId('speaker-level')).toHaveAttribute('data-active', 'false');
});

test('serves no standard API key: not in the page, its modules or /config', async ({ page }) => {
  const bodies: { url: string; body: string }[] = [];
  page.on('response', async (res) => {
    const type = res.headers()['content-type'] ?? '';
    if (!/javascript|typescript|json|html|css/.test(type)) return;
    bodies.push({ url: res.url(), body: await res.text().catch(() => '') });
  });
  await page.goto('/');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'emulator');
  await page.waitForLoadState('networkidle');

  const scripts = bodies.filter(
    (b) => /\.(ts|js|mjs)(\?|$)/.test(new URL(b.url).pathname) || /\/@/.test(b.url),
  );
  // The page's own entry and the kit's packages were served (and so scanned).
  expect(scripts.map((s) => s.url).join('\n')).toContain('/src/main.ts');
  expect(scripts.length).toBeGreaterThan(10);
  for (const { url, body } of bodies) {
    expect(body, `${url} contains a standard key`).not.toMatch(STANDARD_KEY);
  }

  const config = await page.request.get('/config');
  expect(config.ok()).toBe(true);
  const json = (await config.json()) as Record<string, unknown>;
  expect(json).toMatchObject({ backend: 'emulator', model: 'gpt-realtime', faults: true });
  expect(String(json.baseUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  expect(JSON.stringify(json)).not.toMatch(STANDARD_KEY);

  // What the page gets from POST /session is a short-lived ek_ key, never the server's sk- key.
  const minted = await page.evaluate(async () => {
    const res = await fetch('/session', { method: 'POST', headers: { accept: 'application/json' } });
    return { status: res.status, body: await res.text() };
  });
  expect(minted.status).toBe(200);
  expect(minted.body).toMatch(/"value":"ek_[0-9a-f]{32}"/);
  expect(minted.body).not.toMatch(STANDARD_KEY);
});
