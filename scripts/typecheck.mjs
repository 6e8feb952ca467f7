// Typechecks every package, app and the e2e suite with its own tsconfig.json (tests included),
// after `build` produced the d.ts files packages resolve each other through.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projects = ['tsconfig.json'];
for (const dir of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, dir))) {
    // tsconfig.browser.json: a package's browser tests, typed with the DOM its Node code must not use
    for (const cfg of ['tsconfig.json', 'tsconfig.browser.json']) {
      if (existsSync(join(root, dir, name, cfg))) projects.push(join(dir, name, cfg));
    }
  }
}
if (existsSync(join(root, 'e2e', 'tsconfig.json'))) projects.push(join('e2e', 'tsconfig.json'));

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const p of projects) {
  const r = spawnSync(process.execPath, [tsc, '-p', p], { cwd: root, stdio: 'inherit' });
  console.log(`${r.status === 0 ? 'ok    ' : 'FAILED'} tsc -p ${p}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
