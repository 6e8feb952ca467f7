// One-time set-up behind `npm test` and `npm run demo`: pnpm, dependencies and (for tests) Chromium.
// Needs only Node >= 20 and npm. Idempotent and quick when everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const localPnpm = join(root, '.tools', 'node_modules', '.bin', 'pnpm');

function works(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** The exact pnpm version the repo pins (root package.json `packageManager`, `pnpm@x.y.z`). */
export function pinnedPnpmVersion() {
  const field = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager ?? '';
  const m = /^pnpm@(\d+\.\d+\.\d+)$/.exec(field);
  if (!m)
    throw new Error(`package.json "packageManager" must be "pnpm@<x.y.z>", found ${JSON.stringify(field)}`);
  return m[1];
}

function versionOf(cmd) {
  const out = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : null;
}

/** The pnpm to run: the one set-up installed into .tools, else a global pnpm of the pinned version. */
export function pnpmCommand() {
  if (existsSync(localPnpm)) return localPnpm;
  return 'pnpm';
}

function ensurePnpm() {
  const version = pinnedPnpmVersion();
  if (existsSync(localPnpm) && versionOf(localPnpm) === version) return;
  if (!existsSync(localPnpm) && versionOf('pnpm') === version) return;
  console.log(
    `[setup] installing pnpm ${version} into .tools/ (npm install --prefix .tools pnpm@${version})`,
  );
  execFileSync(
    'npm',
    ['install', '--prefix', join(root, '.tools'), '--no-save', '--no-audit', '--no-fund', `pnpm@${version}`],
    { stdio: 'inherit' },
  );
}

function ensureDeps() {
  const r = spawnSync(pnpmCommand(), ['install', '--frozen-lockfile', '--prefer-offline'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('[setup] pnpm install failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

function ensureChromium() {
  if (chromiumPath()) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && works('apt-get', ['--version'])) {
    console.log('[setup] installing Chromium from apt (apt-get install -y chromium)');
    const ok =
      spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status === 0 &&
      spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' }).status === 0 &&
      chromiumPath();
    if (ok) return;
    console.error(
      '[setup] apt-get could not install Chromium (see its output above). Install any Chromium or Chrome ' +
        'yourself and point CHROMIUM_PATH at the binary, then run the command again.',
    );
    process.exit(1);
  }
  const pw = spawnSync(pnpmCommand(), ['exec', 'playwright', 'install', 'chromium'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (pw.status === 0) return;
  console.error(
    '[setup] No Chromium found. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) ' +
      'or point CHROMIUM_PATH at any Chromium/Chrome binary, then run the command again.',
  );
  process.exit(1);
}

/** sox measures the emulator's synthesized speech in one test (skipped without it): apt when root. */
function ensureSox() {
  if (works('sox', ['--version'])) return;
  if (process.getuid?.() !== 0 || !works('apt-get', ['--version'])) {
    console.log('[setup] sox not found: the speech measurement test will be skipped (apt-get install sox)');
    return;
  }
  console.log('[setup] installing sox from apt (apt-get install -y sox)');
  const install = () => spawnSync('apt-get', ['install', '-y', 'sox'], { stdio: 'inherit' }).status === 0;
  if (!install() && !(spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status === 0 && install()))
    console.log('[setup] apt-get could not install sox: the speech measurement test will be skipped');
}

/**
 * Everything a fresh clone needs: pnpm (the pinned version), dependencies, and with `browser`
 * Chromium and sox.
 * @example
 * setup({ browser: true });
 */
export function setup({ browser = false } = {}) {
  ensurePnpm();
  ensureDeps();
  if (browser) {
    ensureChromium();
    ensureSox();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) setup({ browser: process.argv.includes('--browser') });
