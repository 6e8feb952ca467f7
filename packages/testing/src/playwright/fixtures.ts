/**
 * Playwright fixtures for voice apps, built with `test.extend`; combine them with your own through
 * `mergeTests`.
 *
 * | fixture | scope | what |
 * |---|---|---|
 * | `emulator` | worker | the Realtime API emulator on 127.0.0.1 (a free port), one per worker |
 * | `emulatorScript`, `emulatorBrain`, `emulatorFaults`, `emulatorOptions` | worker options | how it answers |
 * | `page` | test | Playwright's page, voice-ready before anything loads in it (below) |
 * | `microphone` | test | what the page's microphone says: `say(sentence)`, `playWav(file)` |
 * | `voice` | test | waits for transcripts, tool calls, handoffs, guardrail trips, audible agent audio |
 * | `realtimeApiUrl`, `clientSecretUrl`, `voiceTimeout` | test options | routing and waiting |
 *
 * The kit's `page` answers `getUserMedia({ audio })` with the fake microphone, reports its
 * Realtime Agents sessions and audio output to `voice`, sends its Realtime API traffic
 * (`realtimeApiUrl`) to the worker's emulator and, with `clientSecretUrl`, answers your token
 * endpoint with keys the emulator minted — your app runs unchanged.
 * @module
 */
import { test as base } from '@playwright/test';
import {
  type Brain,
  type Emulator,
  FAULT_NAMES,
  placeholderTranscript,
  type Script,
} from '@realtime-agents/emulator';
import { startTestEmulator, type TestEmulatorOptions } from '../emulator.js';
import { FakeMicrophone } from './fake-microphone.js';
import { checkRealtimeOptions, withCheckedUse } from './option-check.js';
import { PageProbe } from './probe.js';
import { type ClientSecret, mintClientSecret, routeRealtime } from './route.js';
import { VoicePage } from './voice.js';

/** Chromium flags the fixtures need; the kit's `test` adds them to `launchOptions.args`. */
export const VOICE_CHROMIUM_ARGS: readonly string[] = [
  // the fake microphone's and the app's AudioContexts start without a click
  '--autoplay-policy=no-user-gesture-required',
  // WebRTC media to the emulator on 127.0.0.1
  '--allow-loopback-in-peer-connection',
];

/** The worker's emulator, as the fixture hands it to tests. */
export interface TestEmulator extends Emulator {
  /** The standard key the fixtures use (`emulatorOptions.apiKey`, else any `sk-…` key works). */
  readonly apiKey: string;
  /** Mint an ephemeral key, as your backend would (`POST /v1/realtime/client_secrets`). */
  clientSecret(): Promise<ClientSecret>;
  /** The next spoken user turn transcribes as `text` (`microphone.say()` calls this). */
  willHear(text: string): void;
}

/**
 * Worker-scoped options: set them at the top of a spec file or in the config (Playwright runs each
 * distinct value in its own worker, with its own emulator).
 */
export interface RealtimeWorkerOptions {
  /**
   * Script mode: `{ turns: [...] }`, or a path to a JSON script or to a session recording
   * (`realtime-emulator --record bug.jsonl`: replayed as recorded). (Playwright reads an array of two
   * or more objects in `test.use()` as `[value, fixtureOptions]`: wrap turns in `{ turns }`.)
   * @default none (the emulator's default brain)
   */
  emulatorScript: Script | string | undefined;
  /** A custom brain (instead of a script or the default brain). */
  emulatorBrain: Brain | undefined;
  /** Faults for every connection, e.g. `['drop:response.output_audio.delta']` (see the emulator's `--fault`). */
  emulatorFaults: string[];
  /** Any other emulator option (`streamIntervalMs`, `apiKey`, `transcriber`, …); unknown ones are refused. */
  emulatorOptions: TestEmulatorOptions;
}

/** Worker-scoped fixtures. */
export interface RealtimeWorkerFixtures extends RealtimeWorkerOptions {
  /** The running emulator on 127.0.0.1 (a free port): `emulator.baseUrl`, `emulator.wsUrl`. */
  emulator: TestEmulator;
}

/** Test-scoped options (`test.use({ … })` anywhere). */
export interface RealtimeTestOptions {
  /** The Realtime API base URL your page uses; its traffic goes to the emulator. @default 'https://api.openai.com/v1' */
  realtimeApiUrl: string;
  /** Your app's token endpoint (e.g. `'/session'`): answered with keys the emulator minted. @default undefined */
  clientSecretUrl: string | RegExp | undefined;
  /** Default timeout of `voice.waitFor…` and of the microphone waiting for the page to open it (ms). @default 15_000 */
  voiceTimeout: number;
}

/** Test-scoped fixtures. */
export interface RealtimeTestFixtures extends RealtimeTestOptions {
  /** The page's microphone: `getUserMedia({ audio })` returns what the test makes it say. */
  microphone: FakeMicrophone;
  /** What the page's voice sessions do, and the agent audio it plays. */
  voice: VoicePage;
}

const heard = new WeakMap<Emulator, string[]>();

/** Start the fixture's emulator: options checked, a transcriber that knows what `say()` said. */
async function startFixtureEmulator(o: RealtimeWorkerOptions): Promise<TestEmulator> {
  const where = 'The emulator fixture';
  if (!Array.isArray(o.emulatorFaults) || o.emulatorFaults.some((f) => typeof f !== 'string'))
    throw new TypeError(
      `${where}: emulatorFaults must be an array of fault names, got ${JSON.stringify(o.emulatorFaults)}`,
    );
  const unknown = o.emulatorFaults.filter(
    (f) => !(FAULT_NAMES as readonly string[]).includes(f.split(':')[0]!),
  );
  if (unknown.length)
    throw new TypeError(
      `${where}: unknown fault ${unknown.map((f) => `"${f}"`).join(', ')} in emulatorFaults; known: ${FAULT_NAMES.join(', ')}`,
    );
  const options = { ...o.emulatorOptions };
  for (const [key, value] of [
    ['script', o.emulatorScript],
    ['brain', o.emulatorBrain],
  ] as const)
    if (value !== undefined && key in options)
      throw new TypeError(
        `${where}: ${key} is set twice (emulator${key[0]!.toUpperCase()}${key.slice(1)} and emulatorOptions.${key}); keep one.`,
      );
  const queue: string[] = [];
  const own = options.transcriber;
  let emu: Emulator;
  try {
    emu = await startTestEmulator({
      ...options,
      ...(o.emulatorScript !== undefined && { script: o.emulatorScript }),
      ...(o.emulatorBrain !== undefined && { brain: o.emulatorBrain }),
      faults: [...(options.faults ?? []), ...o.emulatorFaults],
      transcriber: {
        transcribe: (pcm, opts) =>
          queue.shift() ?? own?.transcribe(pcm, opts) ?? placeholderTranscript(pcm.length),
      },
    });
  } catch (error) {
    const message = (error as Error).message.replace(/^startTestEmulator: /, 'emulatorOptions: ');
    throw new (error instanceof TypeError ? TypeError : Error)(`${where}: ${message}`, { cause: error });
  }
  const apiKey = options.apiKey ?? 'sk-realtime-agents-testing';
  const fixture: TestEmulator = {
    ...emu,
    apiKey,
    clientSecret: () => mintClientSecret(emu, { apiKey }),
    willHear: (text) => void queue.push(text),
  };
  heard.set(fixture, queue);
  return fixture;
}

/**
 * `test` with the voice fixtures.
 * @example
 * import { expect, test } from '@realtime-agents/testing/playwright';
 * test.use({ clientSecretUrl: '/session' });
 * test('asks by voice', async ({ page, microphone, voice }) => {
 *   await page.goto('/');
 *   await page.getByRole('button', { name: 'Talk' }).click();
 *   await microphone.say("What's the weather in Paris?");
 *   await voice.waitForToolCall('get_weather', { city: 'Paris' });
 *   await voice.waitForAgentAudio();
 * });
 */
export const test = withCheckedUse(
  base.extend<RealtimeTestFixtures, RealtimeWorkerFixtures>({
    emulatorScript: [undefined, { option: true, scope: 'worker' }],
    emulatorBrain: [undefined, { option: true, scope: 'worker' }],
    emulatorFaults: [[], { option: true, scope: 'worker' }],
    emulatorOptions: [{}, { option: true, scope: 'worker' }],
    realtimeApiUrl: ['https://api.openai.com/v1', { option: true }],
    clientSecretUrl: [undefined, { option: true }],
    voiceTimeout: [15_000, { option: true }],

    emulator: [
      async ({ emulatorScript, emulatorBrain, emulatorFaults, emulatorOptions }, use, workerInfo) => {
        // test.use() keys are checked as they are set; the config's `use` only here
        const project = workerInfo.project.name ? ` (project "${workerInfo.project.name}")` : '';
        checkRealtimeOptions(workerInfo.project.use, `The config's use${project}`);
        const emu = await startFixtureEmulator({
          emulatorScript,
          emulatorBrain,
          emulatorFaults,
          emulatorOptions,
        });
        try {
          await use(emu);
        } finally {
          await emu.close();
        }
      },
      { scope: 'worker', title: 'Realtime API emulator' },
    ],

    launchOptions: [
      async ({ launchOptions, browserName }, use) => {
        if (browserName !== 'chromium') return use(launchOptions);
        const args = [...(launchOptions.args ?? [])];
        for (const flag of VOICE_CHROMIUM_ARGS) if (!args.includes(flag)) args.push(flag);
        await use({ ...launchOptions, args });
      },
      { scope: 'worker' },
    ],

    // Voice-ready before anything (a beforeEach, another fixture) opens the app in it.
    page: async ({ page, emulator, realtimeApiUrl, clientSecretUrl }, use) => {
      heard.get(emulator)?.splice(0); // what an earlier test said and no turn took
      await new FakeMicrophone(page).install();
      await PageProbe.for(page);
      await routeRealtime(page, emulator, {
        apiUrl: realtimeApiUrl,
        clientSecretUrl,
        apiKey: emulator.apiKey,
      });
      await use(page);
    },

    microphone: async ({ page, emulator, voiceTimeout }, use) => {
      await use(new FakeMicrophone(page, { onSay: (s) => emulator.willHear(s), openTimeout: voiceTimeout }));
    },

    voice: async ({ page, voiceTimeout }, use) => {
      await use(new VoicePage(await PageProbe.for(page), voiceTimeout));
    },
  }),
);

export { expect } from '@playwright/test';
