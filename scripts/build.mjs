// Builds every library in packages/ (what `npm run build`, `npm run demo` and `npm test` run).
// pnpm is spawned without a shell, so the filter glob reaches pnpm as written on every OS.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** pnpm's arguments for building the libraries (shared with scripts/test.mjs). */
export const buildArgs = ['-r', '--filter', './packages/**', 'build'];

/**
 * Build the packages; returns pnpm's exit status.
 * @example
 * if (buildPackages() !== 0) process.exit(1);
 */
export function buildPackages() {
  return spawnSync(pnpmCommand(), buildArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildPackages());
