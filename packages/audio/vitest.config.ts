// Local browser config for this package: the root `browser` project's globalSetup starts the
// emulator, which this package does not need. Same Chromium, flags and fake microphone.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const root = new URL('../..', import.meta.url).pathname;

export default defineConfig({
  root,
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  test: {
    include: [
      process.env.AUDIO_BENCH
        ? 'packages/audio/bench/**/*.browser.ts'
        : 'packages/audio/src/**/*.browser.test.ts',
    ],
    testTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs() } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
