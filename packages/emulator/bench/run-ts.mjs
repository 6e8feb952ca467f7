// `node bench/run-ts.mjs bench/<file>.ts [args…]`: bundles one TypeScript bench script from source
// (workspace `source` condition; npm dependencies stay external) and runs it with the given args.
// Used by this package's `bench` and `bench:speech` scripts, so they need no shell `&&` chains.
import { spawnSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith('.ts')) {
  console.error('usage: node bench/run-ts.mjs bench/<file>.ts [args…]');
  process.exit(2);
}
const outfile = join(
  process.cwd(),
  'node_modules',
  '.cache',
  'bench',
  basename(entry).replace(/\.ts$/, '.mjs'),
);
await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  external: ['ws', 'espeak-ng', 'werift', 'opusscript'],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
