/**
 * `@realtime-agents/testing/playwright`: fixtures for end-to-end tests of a voice app — the
 * worker's emulator, a fake microphone, and the `voice` page helper.
 * @example
 * import { mergeTests, test as realtime } from '@realtime-agents/testing/playwright';
 * export const test = mergeTests(realtime, myAppTest);
 * @module
 */
export { FakeMicrophone, type FakeMicrophoneOptions } from './fake-microphone.js';
export {
  expect,
  type RealtimeTestFixtures,
  type RealtimeTestOptions,
  type RealtimeWorkerFixtures,
  type RealtimeWorkerOptions,
  type TestEmulator,
  test,
  VOICE_CHROMIUM_ARGS,
} from './fixtures.js';
export { checkRealtimeOptions, mergeTests, REALTIME_OPTIONS } from './option-check.js';
export type { VoiceEvent } from './probe.js';
export { type ClientSecret, mintClientSecret, type RouteRealtimeOptions, routeRealtime } from './route.js';
export { matchesSubset, type SeenToolCall, VoicePage, type WaitOptions } from './voice.js';
