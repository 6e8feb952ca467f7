// The Playwright end-to-end suite (e2e/*.spec.ts): the demo page (apps/demo) against each worker's
// emulator, through @realtime-agents/testing's fixtures (e2e/fixtures.ts), in Debian's Chromium.
// Specs on the kit's `test` speak through its fake microphone; the others (react-demo) still hear
// Chromium's fake capture file, e2e/fixtures/speech-48k.wav played once.
// `pnpm exec playwright test` (what scripts/test.mjs runs); the JSON report goes to
// PLAYWRIGHT_JSON_OUTPUT_NAME when set.
import { createServer } from 'node:net';
import { defineConfig, devices } from '@playwright/test';
import type { RealtimeTestOptions, RealtimeWorkerOptions } from '@realtime-agents/testing/playwright';
import { chromiumArgs, chromiumPath, fakeMicWav } from './scripts/chromium.mjs';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// The config is loaded by the runner and again by every worker: the runner picks the port (and a
// run id, see e2e/fixtures.ts) once and the workers inherit them through the environment.
// `E2E_PORT` pins the port.
process.env.E2E_PORT ||= String(await freePort());
process.env.E2E_RUN_ID ||= `${process.pid}-${Date.now()}`;
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

// chromiumArgs() already adds the fake-media, autoplay and loopback flags; the fake microphone
// plays the speech fixture once (`%noloop`) from the moment a page opens it.
const args = chromiumArgs(fakeMicWav);
for (const flag of [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${fakeMicWav}%noloop`,
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
]) {
  if (!args.includes(flag)) args.push(flag);
}

export default defineConfig<RealtimeTestOptions & RealtimeWorkerOptions>({
  testDir: 'e2e',
  outputDir: 'e2e/.artifacts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: two pages at a time, WebRTC calls included (the emulator serves concurrent calls).
  workers: 2,
  timeout: 40_000,
  globalTimeout: 10 * 60_000,
  expect: { timeout: 10_000 },
  // The json reporter writes to PLAYWRIGHT_JSON_OUTPUT_NAME (scripts/test.mjs sets it), else into the artifacts.
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME || 'e2e/.artifacts/results.json' }],
  ],
  use: {
    baseURL,
    // the kit's options: the demo's POST /session is answered with the worker emulator's keys, and
    // slightly slower streaming (as the demo backend's) makes answers long enough to interrupt
    clientSecretUrl: '/session',
    emulatorOptions: { streamIntervalMs: 20 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath(), args },
      },
    },
  ],
  webServer: {
    command: 'node apps/demo/server/start.mjs',
    url: `${baseURL}/config`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      // Empty = unset for the demo: the backend is the local emulator, on a free loopback port.
      OPENAI_API_KEY: '',
      EMULATOR_PORT: '0',
      REALTIME_MODEL: 'gpt-realtime',
      // ~40 tests on 2 workers, each connecting (and reconnecting) with its own key, all from
      // 127.0.0.1: above one user's 30 per minute, which refused connects once the suite grew.
      SESSION_KEYS_PER_MINUTE: '600',
    },
  },
});
