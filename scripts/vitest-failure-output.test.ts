// Proof that the pinned vitest prints a failing test's assertion message on this Node (vitest 5
// crashed its reporter on Node 20 and lost the message): run a deliberately failing test in a
// child vitest and read what it printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

it('a failing assertion is reported with its message, diff and source line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vitest-failure-'));
  try {
    writeFileSync(
      join(dir, 'deliberate.test.ts'),
      [
        "import { expect, it } from 'vitest';",
        "it('fails on purpose', () => {",
        "  expect({ answer: 41 }, 'the answer is off').toEqual({ answer: 42 });",
        '});',
        '',
      ].join('\n'),
    );
    const r = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--dir', dir],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', VITEST_JSON: '' } },
    );
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(out).toContain('AssertionError: the answer is off: expected { answer: 41 } to deeply equal');
    expect(out).toMatch(/-\s+"answer": 42/);
    expect(out).toContain('deliberate.test.ts:3');
    expect(out).not.toMatch(/is not a function/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
