/**
 * @realtime-agents/testing — test your voice app without a network or a microphone.
 *
 * - `.`: `connectScripted` (a session on a scripted transport), `recordEvents` and the matchers
 *   (`toHaveSaid`, `toHaveCalledTool`, `toHaveHandedOffTo`). No Node built-ins: works in Vitest
 *   browser mode too.
 * - `./vitest`: registers the matchers with Vitest's `expect` (import it once, e.g. in a setup file).
 * - `./emulator`: a real local emulator for a suite (Node only).
 * @example
 * import { connectScripted } from '@realtime-agents/testing';
 * import '@realtime-agents/testing/vitest';
 * const s = await connectScripted(agent);
 * s.feed(s.script.spoken('The weather is sunny.').events);
 * expect(s).toHaveSaid(/weather/);
 * @module
 */
export {
  connectScripted,
  pcm16ToBase64,
  type ScriptedSession,
  ScriptedTransport,
  type ScriptedTransportOptions,
  ServerScript,
} from '@realtime-agents/core/testing';
export {
  type MatcherResult,
  realtimeMatchers,
  toHaveCalledTool,
  toHaveHandedOffTo,
  toHaveSaid,
} from './matchers.js';
export { eventsOf, recordEvents, type SessionRecord } from './session-record.js';
