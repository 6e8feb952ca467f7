/**
 * `@realtime-agents/testing/playwright`: fixtures for end-to-end tests of a voice app.
 * @example
 * import { mergeTests } from '@playwright/test';
 * import { test as realtime } from '@realtime-agents/testing/playwright';
 * export const test = mergeTests(realtime, myAppTest);
 * @module
 */
export { FakeMicrophone } from './fake-microphone.js';
export { expect, type RealtimeTestFixtures, type RealtimeWorkerFixtures, test } from './fixtures.js';
