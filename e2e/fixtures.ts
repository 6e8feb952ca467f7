/**
 * The e2e suite's testing API: `@realtime-agents/testing/playwright`'s fixtures (the worker's
 * emulator, the fake `microphone`, the `voice` page helper) merged with the demo's own, whose
 * page object drives the demo page (apps/demo) only through its stable `data-testid`s (see
 * apps/demo/README.md).
 *
 * - `demoPage`: the page loaded and idle (backend config fetched), not connected.
 * - `demo`: the same page connected with the `transport` and `turnMode` options
 *   (`test.use({ transport: 'webrtc', turnMode: 'vad' })`); disconnected again afterwards.
 *
 * The page talks to the worker's emulator, not to the demo server's: its `/config` (fetched from
 * the demo server) is handed over with the worker emulator's `baseUrl`, and its `POST /session`
 * is answered with keys that emulator minted (`clientSecretUrl`, set in playwright.config.ts).
 * The microphone says nothing until a test makes it (`microphone.playWav(SPEECH_WAV)`).
 * @example
 * test('weather', async ({ demo }) => {
 *   await demo.send("What's the weather in Paris?");
 *   await expect(demo.toolCard('get_weather')).toHaveAttribute('data-status', 'done');
 * });
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect, test as realtime, type VoicePage } from '@realtime-agents/testing/playwright';

export { expect };

/** 6.4 s of synthesized English: 0.5 s of silence, about 4 s of speech, then silence (48 kHz mono). */
export const SPEECH_WAV = fileURLToPath(new URL('./fixtures/speech-48k.wav', import.meta.url));

export type Transport = 'webrtc' | 'websocket';
export type TurnMode = 'vad' | 'ptt';
export type Role = 'user' | 'assistant';
/** The page's failure drills (`drill` select values; emulator only). */
export type Drill =
  | 'none'
  | 'expired_key'
  | '500'
  | 'rate_limit'
  | 'close_mid_response'
  | 'rollover'
  | 'ice_never_connects'
  | 'unreachable';
export type PageState = 'idle' | 'connecting' | 'connected' | 'error' | 'closed';
/** The two level meters. */
export type Meter = 'mic-level' | 'speaker-level';

export const TRANSPORTS: readonly Transport[] = ['webrtc', 'websocket'];

export interface ConnectOptions {
  transport?: Transport;
  turnMode?: TurnMode;
  drill?: Drill;
}

/** Page object for the demo: locators by `data-testid` and the actions a user takes. */
export class DemoPage {
  readonly page: Page;
  /** The kit's page helper: the page's sessions and the agent audio it plays. */
  readonly voice: VoicePage | undefined;
  /** What {@link connect} uses unless told otherwise (the `transport` / `turnMode` options). */
  readonly defaults: Required<Omit<ConnectOptions, 'drill'>>;

  constructor(page: Page, defaults: Partial<ConnectOptions> = {}, voice?: VoicePage) {
    this.page = page;
    this.voice = voice;
    this.defaults = { transport: defaults.transport ?? 'websocket', turnMode: defaults.turnMode ?? 'ptt' };
  }

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get status(): Locator {
    return this.byTestId('status');
  }
  /** The status line's message (`data-part="message"`). */
  get statusMessage(): Locator {
    return this.status.locator('[data-part="message"]');
  }
  get connectButton(): Locator {
    return this.byTestId('connect');
  }
  get transport(): Locator {
    return this.byTestId('transport');
  }
  get turnMode(): Locator {
    return this.byTestId('turn-mode');
  }
  get drill(): Locator {
    return this.byTestId('drill');
  }
  get textInput(): Locator {
    return this.byTestId('text-input');
  }
  get sendButton(): Locator {
    return this.byTestId('send');
  }
  get transcript(): Locator {
    return this.byTestId('transcript');
  }
  get toolCalls(): Locator {
    return this.byTestId('tool-calls');
  }
  get agentName(): Locator {
    return this.byTestId('agent-name');
  }
  get interruptButton(): Locator {
    return this.byTestId('interrupt');
  }
  get eventLog(): Locator {
    return this.byTestId('event-log');
  }

  /** Transcript entries, optionally of one role. */
  entries(role?: Role): Locator {
    return this.transcript.locator(role ? `[data-role="${role}"]` : '[data-role]');
  }

  /**
   * The transcript entry of `role` whose text matches, once it is there (and final, unless
   * `final: false`). Returns its locator for further assertions.
   */
  async waitForEntry(
    role: Role,
    text: string | RegExp,
    { final = true, timeout }: { final?: boolean; timeout?: number } = {},
  ): Promise<Locator> {
    let entry = this.entries(role).filter({ hasText: text });
    if (final) entry = entry.and(this.transcript.locator('[data-final="true"]'));
    await expect(entry.first()).toBeVisible(timeout === undefined ? {} : { timeout });
    return entry.first();
  }

  /** An element's text (`textContent`, '' when empty). */
  async text(locator: Locator): Promise<string> {
    return (await locator.textContent()) ?? '';
  }

  /** The JSON an element shows (tool arguments and results, expanded event-log rows). */
  async json<T = unknown>(locator: Locator): Promise<T> {
    return JSON.parse(await this.text(locator)) as T;
  }

  /** The card of the latest call to `tool` (cards are prepended, newest first). */
  toolCard(tool: string): Locator {
    return this.toolCalls.locator(`[data-testid="tool-card"][data-tool="${tool}"]`).first();
  }

  /** Event-log rows of a session event type (`audio_interrupted`, `guardrail_tripped`, …). */
  logRows(type: string): Locator {
    return this.byTestId('event-log-list').locator(`li[data-type="${type}"]`);
  }

  /** Open the page (`url`, default the suite's demo) and wait until it loaded its backend config. */
  async goto(url = '/'): Promise<void> {
    await this.page.goto(url);
    await expect(this.byTestId('backend')).toHaveAttribute('data-backend', 'emulator');
    await this.#watchMeters();
  }

  /** Choose transport, turn mode and drill, click Connect; does not wait for the outcome. */
  async startConnect({
    transport = this.defaults.transport,
    turnMode = this.defaults.turnMode,
    drill = 'none',
  }: ConnectOptions = {}): Promise<void> {
    await expect(this.connectButton).toHaveAttribute('data-action', 'connect');
    await this.transport.selectOption(transport);
    await this.turnMode.selectOption(turnMode);
    await this.drill.selectOption(drill);
    await this.resetMeters();
    await this.connectButton.click();
  }

  /** End of test (the fixture calls it): close the page, so a WebRTC call ends with it. */
  async release(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }

  /** Connect and wait for `connected` (the composer is enabled then). */
  async connect(options: ConnectOptions = {}): Promise<void> {
    await this.startConnect(options);
    await this.expectState('connected', { timeout: 20_000 });
    await expect(this.connectButton).toHaveAttribute('data-action', 'disconnect');
    await expect(this.textInput).toBeEnabled();
  }

  /** Click Disconnect and wait for `closed`. */
  async disconnect(): Promise<void> {
    await expect(this.connectButton).toHaveAttribute('data-action', 'disconnect');
    await this.connectButton.click();
    await this.expectState('closed');
    await expect(this.connectButton).toHaveAttribute('data-action', 'connect');
  }

  async expectState(state: PageState, options: { timeout?: number } = {}): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', state, options);
  }

  /** Type a message and send it with the Send button. */
  async send(text: string): Promise<void> {
    await this.textInput.fill(text);
    await this.sendButton.click();
    await expect(this.textInput).toHaveValue('');
  }

  /** Send `text` and wait for its user entry; returns that entry. */
  async say(text: string): Promise<Locator> {
    const before = await this.entries('user').count();
    await this.send(text);
    await expect(this.entries('user')).toHaveCount(before + 1);
    return this.waitForEntry('user', text);
  }

  /** The loudest reading (dBFS, −120 = silence) a meter showed since the last {@link resetMeters}. */
  async maxLevel(meter: Meter): Promise<number> {
    return this.page.evaluate((m) => (window as unknown as E2EWindow).__e2eMeters[m], meter);
  }

  /** Wait until a meter has shown at least `dbfs` since the last {@link resetMeters}. */
  async waitForLevel(meter: Meter, dbfs: number, timeout = 15_000): Promise<void> {
    await expect
      .poll(() => this.maxLevel(meter), { timeout, message: `${meter} reaches ${dbfs} dBFS` })
      .toBeGreaterThanOrEqual(dbfs);
  }

  async resetMeters(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as E2EWindow;
      w.__e2eMeters['mic-level'] = -120;
      w.__e2eMeters['speaker-level'] = -120;
    });
  }

  /** Record the loudest `data-level` of each meter (they fall back to silence 400 ms after audio stops). */
  async #watchMeters(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as E2EWindow;
      if (w.__e2eMeters) return;
      const max: Record<string, number> = { 'mic-level': -120, 'speaker-level': -120 };
      w.__e2eMeters = max;
      for (const id of Object.keys(max)) {
        const el = document.querySelector(`[data-testid="${id}"]`)!;
        new MutationObserver(() => {
          const db = Number((el as HTMLElement).dataset.level);
          if (db > max[id]!) max[id] = db;
        }).observe(el, { attributes: true, attributeFilter: ['data-level'] });
      }
    });
  }
}

interface E2EWindow {
  __e2eMeters: Record<Meter, number>;
}

export interface DemoFixtures {
  /** Transport the `demo` fixture connects with (and `demoPage.connect()` by default). @default 'websocket' */
  transport: Transport;
  /** Turn mode the `demo` fixture connects with (and `demoPage.connect()` by default). @default 'ptt' */
  turnMode: TurnMode;
  /** The demo page, loaded and idle. */
  demoPage: DemoPage;
  /** The demo page, connected (`transport`, `turnMode`); disconnected after the test. */
  demo: DemoPage;
}

/** The kit's fixtures (`emulator`, `microphone`, `voice`, a voice-ready `page`) and the demo's. */
export const test = realtime.extend<DemoFixtures>({
  transport: ['websocket', { option: true }],
  turnMode: ['ptt', { option: true }],
  // Every page of the suite: the demo server's /config, pointed at the worker's emulator.
  page: async ({ page, emulator }, use) => {
    await page.route(
      (url) => url.pathname === '/config',
      async (route) => {
        const response = await route.fetch();
        const config = (await response.json()) as Record<string, unknown>;
        await route.fulfill({ response, json: { ...config, baseUrl: emulator.baseUrl } });
      },
    );
    await use(page);
  },
  demoPage: async ({ page, transport, turnMode, voice }, use) => {
    const demo = new DemoPage(page, { transport, turnMode }, voice);
    try {
      await demo.goto();
      await use(demo);
    } finally {
      await demo.release();
    }
  },
  demo: async ({ demoPage }, use) => {
    await demoPage.connect();
    await use(demoPage);
    if (
      !demoPage.page.isClosed() &&
      (await demoPage.connectButton.getAttribute('data-action')) === 'disconnect'
    )
      await demoPage.connectButton.click();
  },
});
