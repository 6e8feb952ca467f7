// One-time set-up behind `npm test` and `npm run demo`: pnpm, dependencies and (for tests) Chromium.
// Needs only Node >= 20 and npm. Idempotent and quick when everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const localPnpm = join(root, '.tools', 'node_modules', '.bin', 'pnpm');

function works(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** The pnpm to run: a global pnpm 12 if present, else the one installed into .tools. */
export function pnpmCommand() {
  if (existsSync(localPnpm)) return localPnpm;
  return 'pnpm';
}

function ensurePnpm() {
  if (existsSync(localPnpm)) return;
  const out = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (out.status === 0 && out.stdout.trim().startsWith('12.')) return;
  console.log('[setup] installing pnpm 12 into .tools/ (npm install --prefix .tools pnpm@12)');
  execFileSync(
    'npm',
    ['install', '--prefix', join(root, '.tools'), '--no-save', '--no-audit', '--no-fund', 'pnpm@12'],
    {
      stdio: 'inherit',
    },
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

if (import.meta.url === `file://${process.argv[1]}`) {
  ensurePnpm();
  ensureDeps();
  if (process.argv.includes('--browser')) {
    ensureChromium();
    ensureSox();
  }
}
