// The option check alone: which keys are typos of the kit's options, and which are left alone.
import { describe, expect, it } from 'vitest';
import { checkRealtimeOptions, REALTIME_OPTIONS } from './option-check.js';

describe('checkRealtimeOptions', () => {
  it('refuses a typo of a kit option, naming it, the nearest option and the allowed ones', () => {
    expect(() => checkRealtimeOptions({ emulatorScrpt: {} }, 'test.use()')).toThrow(
      new TypeError(
        `test.use(): unknown option "emulatorScrpt" (did you mean "emulatorScript"?); @realtime-agents/testing/playwright's options are ${REALTIME_OPTIONS.join(', ')}`,
      ),
    );
    expect(() => checkRealtimeOptions({ voicetimeout: 1, emulatorFault: [] }, 'x')).toThrow(
      'x: unknown option "voicetimeout" (did you mean "voiceTimeout"?), "emulatorFault" (did you mean "emulatorFaults"?);',
    );
  });

  it("leaves the kit's own keys, Playwright's options and unrelated fixtures alone", () => {
    const playwright = [
      'baseURL',
      'browserName',
      'channel',
      'colorScheme',
      'contextOptions',
      'defaultBrowserType',
      'deviceScaleFactor',
      'extraHTTPHeaders',
      'geolocation',
      'hasTouch',
      'headless',
      'httpCredentials',
      'ignoreHTTPSErrors',
      'isMobile',
      'javaScriptEnabled',
      'launchOptions',
      'locale',
      'navigationTimeout',
      'actionTimeout',
      'offline',
      'permissions',
      'proxy',
      'screenshot',
      'serviceWorkers',
      'storageState',
      'testIdAttribute',
      'timezoneId',
      'trace',
      'userAgent',
      'video',
      'viewport',
      'acceptDownloads',
      'bypassCSP',
      'connectOptions',
      'clientCertificates',
    ];
    const keys = [
      ...REALTIME_OPTIONS,
      'emulator',
      'microphone',
      'voice',
      ...playwright,
      'emulatorUrl',
      'apiKey',
    ];
    expect(() => checkRealtimeOptions(Object.fromEntries(keys.map((k) => [k, 1])), 'x')).not.toThrow();
    expect(() => checkRealtimeOptions(undefined, 'x')).not.toThrow();
  });
});
