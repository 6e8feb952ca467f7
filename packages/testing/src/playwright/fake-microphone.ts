/**
 * A fake microphone for Playwright pages: `getUserMedia({ audio })` answers with a stream the
 * test feeds, so each test (not each browser launch, as with Chromium's
 * `--use-file-for-fake-audio-capture`) decides what the user says, and when.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { formantSpeech } from '@realtime-agents/emulator';
import type { Page } from '@playwright/test';
import { readPcm16Wav } from '../pcm-wav.js';

declare global {
  interface Window {
    __realtimeFakeMic?: { play(samples: number[], sampleRate: number): number; remainingMs(): number };
  }
}

/** Installed in every document of the page before its scripts run. */
function installFakeMicrophone(): void {
  const devices = navigator.mediaDevices;
  if (!devices || window.__realtimeFakeMic) return;
  let ctx: AudioContext | null = null;
  let dest: MediaStreamAudioDestinationNode | null = null;
  let queueEnd = 0;
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
  };
}

/** What the fake microphone of one page says. */
export class FakeMicrophone {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
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
  async playWav(wav: string | Uint8Array, { wait = true }: { wait?: boolean } = {}): Promise<number> {
    const name = typeof wav === 'string' ? wav : 'the WAV bytes';
    const bytes = typeof wav === 'string' ? await readFile(wav) : wav;
    const { samples, sampleRate } = readPcm16Wav(bytes, name);
    return this.#play(samples, sampleRate, wait);
  }

  /**
   * Speak `sentence` with the emulator's built-in formant voice (speech-like audio its VAD
   * hears; its transcriber reports a placeholder, not the words). Returns its length in ms.
   * @example await microphone.say("What's the weather in Paris?");
   */
  async say(sentence: string, { wait = true }: { wait?: boolean } = {}): Promise<number> {
    if (typeof sentence !== 'string' || !sentence.trim())
      throw new TypeError(
        `microphone.say: expected a sentence (a non-empty string), got ${JSON.stringify(sentence)}`,
      );
    return this.#play(formantSpeech(sentence), 24000, wait);
  }

  async #play(samples: Int16Array, sampleRate: number, wait: boolean): Promise<number> {
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
