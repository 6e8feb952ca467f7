// Runs spec files the way a user of the kit does: written into a scratch project inside this
// package (so `@realtime-agents/testing` resolves as an installed dependency would) and run by a
// child Vitest, whose JSON report says which tests passed and with which failure messages.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(pkg, `.user-spec-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
const vitestBin = join(
  dirname(createRequire(join(pkg, 'package.json')).resolve('vitest/package.json')),
  'vitest.mjs',
);

/** Remove the scratch project (call it in afterAll). */
export function removeScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}

export interface Report {
  testResults: Array<{
    message: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

/** Run `files` with a child Vitest; returns its exit code and report. */
export function runVitest(files: Record<string, string>): {
  status: number | null;
  report: Report;
  output: string;
} {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // `source` first: the scratch project reads the workspace packages' TypeScript, as the repo's own
  // tests do. eventsource(-parser), under the MCP SDK the emulator uses, also publish TypeScript under
  // `source`: Vite must transform them too (as in the root vitest.config.ts).
  const inline = `['@modelcontextprotocol/sdk', 'eventsource', 'eventsource-parser']`;
  writeFileSync(
    join(scratch, 'vitest.config.mjs'),
    `export default { ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } }, test: { include: ['*.spec.ts'], testTimeout: 15000, server: { deps: { inline: ${inline} } } } };\n`,
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(scratch, name), text);
  const out = join(scratch, 'report.json');
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--reporter=json', `--outputFile=${out}`], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, VITEST_JSON: '', NODE_OPTIONS: '' },
  });
  return {
    status: r.status,
    report: JSON.parse(readFileSync(out, 'utf8')) as Report,
    output: r.stdout + r.stderr,
  };
}

export const results = (report: Report) =>
  Object.fromEntries(
    report.testResults.flatMap((f) =>
      f.assertionResults.map((a) => [a.title, { status: a.status, failure: a.failureMessages.join('\n') }]),
    ),
  );
