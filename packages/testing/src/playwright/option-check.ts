/**
 * Misspelt kit options. Playwright takes any key in `test.use({ … })` (it becomes a fixture nobody
 * reads) and drops unknown keys of the config's `use`, so `test.use({ emulatorScrpt: … })` would
 * run the default brain without a word. The kit's `test` (and tests made from it with `extend` or
 * the kit's `mergeTests`) checks the keys of each `test.use()`, and its worker checks the config's
 * `use`: a key a typo away from one of the kit's options (two edits or fewer, any case) is refused
 * by name, with the allowed ones. Other keys are left alone: they may be Playwright's options or
 * your own fixtures.
 * @module
 */
import { type TestType, mergeTests as playwrightMergeTests } from '@playwright/test';

/** The kit's options (set with `test.use` or the config's `use`). */
export const REALTIME_OPTIONS: readonly string[] = [
  'emulatorScript',
  'emulatorBrain',
  'emulatorFaults',
  'emulatorOptions',
  'realtimeApiUrl',
  'clientSecretUrl',
  'voiceTimeout',
];
/** The kit's fixtures: `test.use` may override them too (Playwright allows it). */
const FIXTURES = ['emulator', 'microphone', 'voice'];

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The kit option `key` is a typo of (two edits or fewer, any case), if any. */
function lookalike(key: string): string | undefined {
  if (REALTIME_OPTIONS.includes(key) || FIXTURES.includes(key) || key.length < 5) return undefined;
  const k = key.toLowerCase();
  const [best] = REALTIME_OPTIONS.map((o) => ({ o, d: distance(k, o.toLowerCase()) })).sort(
    (x, y) => x.d - y.d,
  );
  return best && best.d <= 2 ? best.o : undefined;
}

/**
 * Throw when `options` has a key that looks like a kit option but is none.
 * @example checkRealtimeOptions({ emulatorScrpt: {} }, 'test.use()') // throws: unknown option "emulatorScrpt" …
 */
export function checkRealtimeOptions(options: object | null | undefined, where: string): void {
  if (!options || typeof options !== 'object') return;
  const bad = Object.keys(options)
    .map((key) => ({ key, near: lookalike(key) }))
    .filter((b): b is { key: string; near: string } => b.near !== undefined);
  if (bad.length === 0) return;
  const what = bad.map(({ key, near }) => `"${key}" (did you mean "${near}"?)`).join(', ');
  throw new TypeError(
    `${where}: unknown option ${what}; @realtime-agents/testing/playwright's options are ${REALTIME_OPTIONS.join(', ')}`,
  );
}

/**
 * `t` with a `test.use()` that checks its keys, and whose `extend()` results do too.
 * (Playwright records the line of a `test.use()` for its own errors about it; through this check
 * that line is the kit's, not the spec's.)
 */
// biome-ignore lint/suspicious/noExplicitAny: any test type
export function withCheckedUse<T extends TestType<any, any>>(t: T): T {
  const use = t.use.bind(t);
  const extend = t.extend.bind(t);
  Object.assign(t, {
    use: (fixtures: object) => {
      checkRealtimeOptions(fixtures, 'test.use()');
      return use(fixtures as never);
    },
    extend: (fixtures: object) => withCheckedUse(extend(fixtures as never)),
  });
  return t;
}

/**
 * Playwright's `mergeTests`, whose result's `test.use()` checks the kit's option names (a misspelt
 * one is an error, not a silently ignored key).
 * @example
 * import { mergeTests, test as realtime } from '@realtime-agents/testing/playwright';
 * export const test = mergeTests(realtime, myAppTest);
 */
export const mergeTests: typeof playwrightMergeTests = ((...tests: Parameters<typeof playwrightMergeTests>) =>
  withCheckedUse(playwrightMergeTests(...tests))) as typeof playwrightMergeTests;
