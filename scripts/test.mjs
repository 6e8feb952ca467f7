// The whole suite behind `npm test` (after set-up: pnpm, dependencies, Chromium, sox): lint, build + typecheck, vitest (Node and Chromium), Playwright e2e.
// Ends with one plain line `N passed, N failed` summed over every runner (CI reads only that line).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArgs } from './build.mjs';
import { pnpmCommand, setup } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
setup({ browser: true });
const out = join(root, '.vitest-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

function run(label, args, env = {}) {
  console.log(`\n=== ${label}: pnpm ${args.join(' ')}`);
  const r = spawnSync(pnpmCommand(), args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/** A step that is one check: it passes or fails as a whole. */
function step(label, args) {
  const ok = run(label, args) === 0;
  if (ok) passed++;
  else failed++;
  lines.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
}

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  let p = 0;
  let f = 0;
  for (const suite of j.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'passed') p++;
      else if (t.status === 'failed') f++;
    }
    // a file that failed to load has no assertions but must count
    if ((suite.assertionResults ?? []).length === 0 && suite.status === 'failed') f++;
  }
  return { p, f };
}

function vitestProject(project) {
  const file = join(out, `${project}.json`);
  const code = run(`vitest ${project}`, ['exec', 'vitest', 'run', '--project', project], {
    VITEST_JSON: file,
  });
  const c = vitestCounts(file);
  if (!c) {
    failed++;
    lines.push(`vitest ${project}: no results (exit ${code})`);
    return;
  }
  if (code !== 0 && c.f === 0) c.f = 1;
  passed += c.p;
  failed += c.f;
  lines.push(`vitest ${project}: ${c.p} passed, ${c.f} failed`);
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  return { p: (s.expected ?? 0) + (s.flaky ?? 0), f: s.unexpected ?? 0 };
}

function e2e() {
  const hasSpecs =
    existsSync(join(root, 'e2e')) && readdirSync(join(root, 'e2e')).some((f) => f.endsWith('.spec.ts'));
  if (!hasSpecs) return;
  const file = join(out, 'playwright.json');
  const code = run('playwright e2e', ['exec', 'playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    PW_JSON: file,
  });
  const c = playwrightCounts(file);
  if (!c) {
    failed++;
    lines.push(`playwright: no results (exit ${code})`);
    return;
  }
  if (code !== 0 && c.f === 0) c.f = 1;
  passed += c.p;
  failed += c.f;
  lines.push(`playwright: ${c.p} passed, ${c.f} failed`);
}

step('biome lint+format', ['exec', 'biome', 'ci', '.']);
step('build packages', buildArgs);
step('typecheck', ['exec', 'node', 'scripts/typecheck.mjs']);
vitestProject('node');
vitestProject('browser');
e2e();

console.log('\n=== summary');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
