// The voice fixtures as a user runs them: inline spec files against a small voice app (test-app/:
// agents with a tool, a handoff and a guardrail; its own `POST /session`), served by the child
// run's `webServer` and driven by a child `playwright test` in Chromium — misuse included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineProject } from './child-playwright.test-support.js';

const project = new InlineProject();
beforeAll(() => project.setup(), 60_000);
afterAll(() => project.remove());

/** A WAV file: `channels` × 16-bit PCM (format 1), or 8-bit μ-law (format 7). */
function wav(samples: Float32Array, rate: number, { channels = 1, format = 1 } = {}): Uint8Array {
  const width = format === 7 ? 1 : 2;
  const data = samples.length * channels * width;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(format, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * channels * width, 28);
  b.writeUInt16LE(channels * width, 32);
  b.writeUInt16LE(width * 8, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++)
    for (let c = 0; c < channels; c++) {
      const o = 44 + (i * channels + c) * width;
      if (width === 2) b.writeInt16LE(Math.round(samples[i]! * 32767), o);
      else b[o] = 0xff;
    }
  return b;
}

/** 1.6 s of a vowel-like buzz with 0.2 s of silence either side. */
function buzz(rate: number): Float32Array {
  const out = new Float32Array(Math.round(rate * 2));
  for (let i = Math.round(rate * 0.2); i < Math.round(rate * 1.8); i++) {
    const t = i / rate;
    const v = Math.sin(2 * Math.PI * 140 * t) + 0.5 * Math.sin(2 * Math.PI * 700 * t);
    out[i] = (0.3 * (v + 0.3 * Math.sin(2 * Math.PI * 1200 * t))) / 1.8;
  }
  return out;
}

const passed = expect.objectContaining({ status: 'passed' });

describe('the voice fixtures, run by a child Playwright', () => {
  it('a spoken turn over both transports: transcripts, the tool call, the audible answer', async () => {
    const run = await project.run(
      {
        'voice.spec.ts': `
import { expect, test } from '@realtime-agents/testing/playwright';

test.use({ clientSecretUrl: '/session' });

for (const transport of ['websocket', 'webrtc']) {
  test('voice turn over ' + transport, async ({ page, microphone, voice }) => {
    await page.goto('/?transport=' + transport);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.locator('#status')).toHaveText('connected');
    await voice.waitForSession();
    await microphone.say("What's the weather in Paris?");
    expect(await voice.waitForTranscript('user', /weather in Paris/)).toBe("What's the weather in Paris?");
    const call = await voice.waitForToolCall('get_weather', { city: 'Paris' }, { done: true });
    expect(call.output).toContain('Sunny in Paris');
    await voice.waitForTranscript('assistant', /Sunny in Paris/);
    expect(await voice.waitForAgentAudio()).toBeGreaterThan(-50);
  });
}
`,
      },
      { workers: 2 },
    );
    expect(run.tests, run.output).toEqual({
      'voice turn over websocket': passed,
      'voice turn over webrtc': passed,
    });
  }, 180_000);

  it('a script, a handoff, a guardrail trip, a WAV, and mergeTests with the user’s own fixtures', async () => {
    const run = await project.run(
      {
        'question.wav': wav(buzz(44100), 44100, { channels: 2 }),
        'script.spec.ts': `
import { mergeTests, test as base } from '@playwright/test';
import { expect, test as realtime } from '@realtime-agents/testing/playwright';

// the user's own fixtures, merged with the kit's
const app = base.extend<{ send: (text: string) => Promise<void> }>({
  send: async ({ page }, use) => {
    await use(async (text) => {
      await page.getByRole('textbox', { name: 'Message' }).fill(text);
      await page.getByRole('button', { name: 'Send' }).click();
    });
  },
});
const test = mergeTests(realtime, app);

test.use({
  clientSecretUrl: '/session',
  emulatorScript: {
    turns: [
      { match: 'spanish', respond: { handoff: 'Spanish' } },
      { respond: { text: '¡Hola! ¿En qué puedo ayudarte?' } },
      { match: 'fruit', respond: { text: 'Pineapple, of course.' } },
      { respond: { text: 'Apples are lovely.' } },
    ],
  },
});

// the app opens in a hook: the kit's page is voice-ready before any of it runs
test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#status')).toHaveText('connected');
});

test('handoff, then a guardrail trip and the corrected answer', async ({ send, voice }) => {
  await send('Can we speak Spanish?');
  expect(await voice.waitForHandoff('Spanish')).toEqual({ from: 'Greeter', to: 'Spanish' });
  await voice.waitForTranscript('assistant', '¡Hola!');
  await send('Your favourite fruit?');
  const trip = await voice.waitForGuardrailTrip('no_pineapple');
  expect(trip.output).toBe('Pineapple, of course.');
  await voice.waitForTranscript('assistant', 'Apples are lovely.');
  expect(voice.transcripts('user')).toEqual(['Can we speak Spanish?', 'Your favourite fruit?']);
});

test('a WAV: 44.1 kHz stereo, spoken into the page', async ({ microphone, voice }) => {
  await microphone.playWav('question.wav');
  // a WAV has no transcript: the emulator says how long the speech was
  expect(await voice.waitForTranscript('user', /^\\[speech \\d\\.\\d s\\]$/)).toMatch(/\\[speech (1\\.[4-9]|2\\.\\d) s\\]/);
});
`,
      },
      { workers: 2 },
    );
    expect(run.tests, run.output).toEqual({
      'handoff, then a guardrail trip and the corrected answer': passed,
      'a WAV: 44.1 kHz stereo, spoken into the page': passed,
    });
  }, 180_000);

  it('misuse fails with errors that say what to do, pointing at the user’s line', async () => {
    const run = await project.run(
      {
        'ulaw.wav': wav(buzz(8000), 8000, { format: 7 }),
        'misuse.spec.ts': `
import { test } from '@realtime-agents/testing/playwright';

test.use({ clientSecretUrl: '/session', voiceTimeout: 1500 });

test('a mu-law WAV', async ({ page, microphone }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect' }).click();
  await microphone.playWav('ulaw.wav');
});

test('speaking before the app opened the microphone', async ({ page, microphone }) => {
  await page.goto('/');
  await microphone.say('Hello?');
});

test('waiting for a session the page never started', async ({ page, voice }) => {
  await page.goto('/');
  await voice.waitForTranscript('assistant', 'hello');
});
`,
        'option.spec.ts': `
import { test } from '@realtime-agents/testing/playwright';

test.use({ emulatorOptions: { scirpt: { turns: [] } } as never });
test('unknown emulator option', async ({ emulator }) => {
  void emulator;
});
`,
        'fault.spec.ts': `
import { test } from '@realtime-agents/testing/playwright';

test.use({ emulatorFaults: ['delay:100', 'dorp'] });
test('unknown fault', async ({ voice }) => {
  void voice;
});
`,
      },
      { workers: 2 },
    );
    const t = run.tests;
    expect(
      Object.values(t).map((x) => x.status),
      run.output,
    ).toEqual(Array(5).fill('failed'));
    expect(t['a mu-law WAV']).toMatchObject({
      location: 'misuse.spec.ts:9',
      error: expect.stringContaining(
        'ulaw.wav is 8-bit, format 7; the microphone plays 16-bit PCM (format 1) only — convert it with: ffmpeg',
      ),
    });
    expect(t['speaking before the app opened the microphone']).toMatchObject({
      location: 'misuse.spec.ts:14',
      error: expect.stringContaining(
        'The page did not open the microphone within 1500 ms: nothing called navigator.mediaDevices.getUserMedia({ audio }). Connect the session',
      ),
    });
    expect(t['waiting for a session the page never started']).toMatchObject({
      location: 'misuse.spec.ts:19',
      error: expect.stringContaining(
        'voice.waitForTranscript(\'assistant\', "hello") timed out after 1500 ms.\nNo Realtime Agents session was created in this page. Did the app connect?',
      ),
    });
    expect(t['unknown emulator option']!.error).toContain(
      'The emulator fixture: emulatorOptions: unknown option "scirpt"; allowed: apiKey, script,',
    );
    expect(t['unknown fault']!.error).toContain(
      'The emulator fixture: unknown fault "dorp" in emulatorFaults; known: close_mid_response, drop,',
    );
  }, 180_000);

  it('a misspelt option is refused by name, with the allowed ones: test.use, extend, mergeTests, the config', async () => {
    const run = await project.run({
      'typo.spec.ts': `
import { test } from '@realtime-agents/testing/playwright';

test.use({ emulatorScrpt: { turns: [{ respond: { text: 'Hi' } }] } } as never);
test('never loaded', () => {});
`,
      'extended.spec.ts': `
import { test as realtime } from '@realtime-agents/testing/playwright';

const test = realtime.extend<{ greeting: string }>({ greeting: 'hello' });
test.use({ clientSecretURL: '/session', greeting: 'hi' } as never);
test('never loaded either', () => {});
`,
    });
    const allowed =
      "@realtime-agents/testing/playwright's options are emulatorScript, emulatorBrain, emulatorFaults, emulatorOptions, realtimeApiUrl, clientSecretUrl, voiceTimeout";
    const errors = run.errors.join('\n');
    expect(errors, run.output).toContain(
      `test.use(): unknown option "emulatorScrpt" (did you mean "emulatorScript"?); ${allowed}`,
    );
    expect(errors).toMatch(/typo\.spec\.ts:4/);
    expect(errors).toContain(
      `test.use(): unknown option "clientSecretURL" (did you mean "clientSecretUrl"?); ${allowed}`,
    );
    expect(errors).toMatch(/extended\.spec\.ts:5/);
    expect(run.status).toBe(1);

    // a file that loads: the config's \`use\` is checked by the worker's emulator
    const configured = await project.run(
      {
        'merged.spec.ts': `
import { test as base } from '@playwright/test';
import { mergeTests, test as realtime } from '@realtime-agents/testing/playwright';

const test = mergeTests(realtime, base.extend<{ account: string }>({ account: 'alice' }));
// Playwright's options and the user's own fixtures are no business of the kit's
test.use({ locale: 'fr-FR', account: 'bob', voiceTimeout: 2000 });

test('fine without the emulator', ({ locale, account, voiceTimeout }) => {
  test.expect([locale, account, voiceTimeout]).toEqual(['fr-FR', 'bob', 2000]);
});
test('the emulator reads the config', async ({ emulator }) => {
  void emulator;
});
`,
      },
      { use: { emulatorFault: ['drop'], appUser: 'carol' } },
    );
    expect(configured.tests, configured.output).toEqual({
      'fine without the emulator': passed,
      'the emulator reads the config': expect.objectContaining({
        status: 'failed',
        error: expect.stringContaining(
          `The config's use: unknown option "emulatorFault" (did you mean "emulatorFaults"?); ${allowed}`,
        ),
      }),
    });
  }, 180_000);
});
