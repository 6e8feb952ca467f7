/**
 * A fake microphone for Playwright pages: `getUserMedia({ audio })` answers with a stream the
 * test feeds, so each test (not each browser launch, as with Chromium's
 * `--use-file-for-fake-audio-capture`) decides what the user says, and when.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createSynthesizer, type SpeechSynthesizer } from '@realtime-agents/emulator';
import { type Page, test } from '@playwright/test';
import { readPcm16Wav } from '../pcm-wav.js';

declare global {
  interface Window {
    __realtimeFakeMic?: {
      play(samples: number[], sampleRate: number): number;
      remainingMs(): number;
      /** True once the page asked for the microphone. */
      opened(): boolean;
    };
  }
}

/** Installed in every document of the page before its scripts run. */
function installFakeMicrophone(): void {
  const devices = navigator.mediaDevices;
  if (!devices || window.__realtimeFakeMic) return;
  let ctx: AudioContext | null = null;
  let dest: MediaStreamAudioDestinationNode | null = null;
  let queueEnd = 0;
  let opened = false;
  const graph = () => {
    if (!ctx || !dest) {
      ctx = new AudioContext({ sampleRate: 48000 });
      dest = ctx.createMediaStreamDestination();
    }
    void ctx.resume();
    return { ctx, dest };
  };
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    if (!constraints?.audio) return original(constraints);
    opened = true;
    const { dest } = graph();
    const audio = dest.stream.getAudioTracks().map((t) => t.clone());
    if (!constraints.video) return new MediaStream(audio);
    const video = await original({ video: constraints.video });
    return new MediaStream([...audio, ...video.getVideoTracks()]);
  };
  window.__realtimeFakeMic = {
    play(samples, sampleRate) {
      const { ctx, dest } = graph();
      const buffer = ctx.createBuffer(1, Math.max(1, samples.length), sampleRate);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < samples.length; i++) channel[i] = samples[i]! / 32768;
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(dest);
      const start = Math.max(ctx.currentTime, queueEnd);
      source.start(start);
      queueEnd = start + buffer.duration;
      return (queueEnd - ctx.currentTime) * 1000;
    },
    remainingMs() {
      return ctx ? Math.max(0, (queueEnd - ctx.currentTime) * 1000) : 0;
    },
    opened: () => opened,
  };
}

/** Options of {@link FakeMicrophone}. */
export interface FakeMicrophoneOptions {
  /**
   * Called with each sentence `say()` speaks, just before it plays: the fixtures tell the emulator,
   * which then transcribes that turn as the sentence (so scripts can `match` spoken turns).
   */
  onSay?: (sentence: string) => void;
  /** How long speaking waits for the page to open its microphone (ms). @default 10_000 */
  openTimeout?: number;
}

/** The emulator's synthesizer: espeak-ng when installed (an optional dependency), else its formant voice. */
let synthesizer: SpeechSynthesizer | undefined;

/**
 * Steps are boxed, so a failure points at the test's line: each public method awaits its step
 * itself (Playwright drops the first frame of the step's async stack, which is then that method).
 */
const BOX = { box: true } as const;

/** What the fake microphone of one page says. */
export class FakeMicrophone {
  readonly page: Page;
  readonly #onSay: ((sentence: string) => void) | undefined;
  readonly #openTimeout: number;

  constructor(page: Page, options: FakeMicrophoneOptions = {}) {
    this.page = page;
    this.#onSay = options.onSay;
    this.#openTimeout = options.openTimeout ?? 10_000;
  }

  /** Make `getUserMedia({ audio })` use this microphone in every document the page loads next. */
  async install(): Promise<void> {
    await this.page.addInitScript(installFakeMicrophone);
  }

  /**
   * Speak a PCM16 WAV (a path or its bytes), after whatever is still queued; resolves once it
   * played (`wait: false`: once queued). Returns its length in ms.
   * @example await microphone.playWav('fixtures/weather-question.wav');
   */
  async playWav(wav: string | Uint8Array, options: { wait?: boolean } = {}): Promise<number> {
    const title = `microphone.playWav(${typeof wav === 'string' ? JSON.stringify(wav) : `${wav.length} bytes`})`;
    return await test.step(title, () => this.#playWav(wav, options), BOX);
  }

  async #playWav(wav: string | Uint8Array, { wait = true }: { wait?: boolean }): Promise<number> {
    const name = typeof wav === 'string' ? wav : 'the WAV bytes';
    const bytes = typeof wav === 'string' ? await readFile(wav) : wav;
    const { samples, sampleRate } = readPcm16Wav(bytes, name);
    return this.#play(samples, sampleRate, wait);
  }

  /**
   * Speak `sentence` with the emulator's synthesized voice (espeak-ng when installed, else its
   * formant voice: speech-like audio its VAD hears). With the kit's `test`, the worker's emulator transcribes the turn as `sentence`;
   * elsewhere its transcriber reports a placeholder, not the words. Returns its length in ms.
   * @example await microphone.say("What's the weather in Paris?");
   */
  async say(sentence: string, options: { wait?: boolean } = {}): Promise<number> {
    return await test.step(
      `microphone.say(${JSON.stringify(sentence)})`,
      () => this.#say(sentence, options),
      BOX,
    );
  }

  async #say(sentence: string, { wait = true }: { wait?: boolean }): Promise<number> {
    if (typeof sentence !== 'string' || !sentence.trim())
      throw new TypeError(
        `microphone.say: expected a sentence (a non-empty string), got ${JSON.stringify(sentence)}`,
      );
    synthesizer ??= createSynthesizer();
    const pcm = await synthesizer.synthesize(sentence, 'alloy', 1);
    return this.#play(pcm, 24000, wait, () => this.#onSay?.(sentence));
  }

  async #play(
    samples: Int16Array,
    sampleRate: number,
    wait: boolean,
    starting?: () => void,
  ): Promise<number> {
    const installed = await this.page.evaluate(() => !!window.__realtimeFakeMic).catch(() => false);
    if (installed) {
      // audio played before the app opens the microphone would be lost: wait for it to
      await this.page
        .waitForFunction(() => window.__realtimeFakeMic?.opened(), undefined, { timeout: this.#openTimeout })
        .catch(() => {
          throw new Error(
            `The page did not open the microphone within ${this.#openTimeout} ms: nothing called navigator.mediaDevices.getUserMedia({ audio }). ` +
              'Connect the session (with a microphone) before the test speaks, e.g. click your Connect button first.',
          );
        });
      starting?.();
    }
    const ms = await this.page.evaluate(
      ([s, rate]) => {
        const mic = window.__realtimeFakeMic;
        if (!mic)
          throw new Error(
            'The fake microphone is not installed in this document: navigate (page.goto) after the microphone fixture set it up, and do not use about:blank or another page.',
          );
        return mic.play(s, rate);
      },
      [Array.from(samples), sampleRate] as const,
    );
    // the audio plays in real time: wait for the page's clock to pass its end
    if (wait)
      await this.page.waitForFunction(() => window.__realtimeFakeMic?.remainingMs() === 0, undefined, {
        timeout: Math.ceil(ms) + 10_000,
      });
    return Math.round((samples.length / sampleRate) * 1000);
  }
}
