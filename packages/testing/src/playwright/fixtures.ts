/**
 * Playwright fixtures for voice apps: a worker-scoped emulator (options `emulatorScript`,
 * `emulatorBrain`, `emulatorFaults`) and a test-scoped fake `microphone` that speaks a WAV or a
 * sentence. Compose with your own fixtures through `mergeTests`.
 * @module
 */
import { test as base } from '@playwright/test';
import type { Brain, Emulator, Script, ScriptTurn } from '@realtime-agents/emulator';
import { startTestEmulator } from '../emulator.js';
import { FakeMicrophone } from './fake-microphone.js';

/** Worker-scoped: one emulator per worker, restarted when a file changes its options. */
export interface RealtimeWorkerFixtures {
  /** Script turns (or a path to a JSON script) the emulator answers with. @default none (default brain) */
  emulatorScript: Script | ScriptTurn[] | string | undefined;
  /** A custom brain (overrides the script). */
  emulatorBrain: Brain | undefined;
  /** Faults for every connection, e.g. `['drop_after:3']` (see the emulator's `--fault`). */
  emulatorFaults: string[];
  /** The running emulator on 127.0.0.1 (a free port): `emulator.baseUrl`, `emulator.wsUrl`. */
  emulator: Emulator;
}

/** Test-scoped fixtures. */
export interface RealtimeTestFixtures {
  /** The page's microphone: `getUserMedia({ audio })` returns what the test makes it say. */
  microphone: FakeMicrophone;
}

/**
 * `test` with the emulator and microphone fixtures.
 * @example
 * import { expect, test } from '@realtime-agents/testing/playwright';
 * test.use({ emulatorScript: [{ respond: { text: 'Sunny.' } }] });
 * test('asks by voice', async ({ page, emulator, microphone }) => {
 *   await page.goto(`/?emulator=${encodeURIComponent(emulator.baseUrl)}`);
 *   await microphone.say("What's the weather?");
 * });
 */
export const test = base.extend<RealtimeTestFixtures, RealtimeWorkerFixtures>({
  emulatorScript: [undefined, { option: true, scope: 'worker' }],
  emulatorBrain: [undefined, { option: true, scope: 'worker' }],
  emulatorFaults: [[], { option: true, scope: 'worker' }],
  emulator: [
    async ({ emulatorScript, emulatorBrain, emulatorFaults }, use) => {
      const emu = await startTestEmulator({
        ...(emulatorScript !== undefined && { script: emulatorScript }),
        ...(emulatorBrain !== undefined && { brain: emulatorBrain }),
        faults: emulatorFaults,
      });
      try {
        await use(emu);
      } finally {
        await emu.close();
      }
    },
    { scope: 'worker' },
  ],
  microphone: async ({ page }, use) => {
    const mic = new FakeMicrophone(page);
    await mic.install();
    await use(mic);
  },
});

export { expect } from '@playwright/test';
