/**
 * Registers the Realtime Agents matchers with Vitest's `expect` (Node and browser mode).
 * @example
 * // vitest.config.ts: test: { setupFiles: ['@realtime-agents/testing/vitest'] }
 * // or at the top of a spec:
 * import '@realtime-agents/testing/vitest';
 * expect(scripted).toHaveCalledTool('get_weather', { city: 'Paris' });
 * @module
 */
import { expect } from 'vitest';
import { realtimeMatchers } from './matchers.js';

/** The matchers as they appear on `expect(…)`. */
export interface RealtimeMatchers<R = unknown> {
  /** The agent said text matching (substring or RegExp) in a final transcript or response output. */
  toHaveSaid(expected: string | RegExp): R;
  /** A tool was called, with arguments containing `args` when given. */
  toHaveCalledTool(name: string, args?: Record<string, unknown>): R;
  /** The session handed off to the agent named `agentName`. */
  toHaveHandedOffTo(agentName: string): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: matches Vitest's own Assertion<T = any>
  interface Assertion<T = any> extends RealtimeMatchers<T> {}
  interface AsymmetricMatchersContaining extends RealtimeMatchers {}
}

expect.extend(realtimeMatchers);
