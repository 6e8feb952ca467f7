// `npm run emulator [-- --port 8787 …]`: set-up, build the emulator (and what it depends on), then
// run its CLI in this process's place with the given flags (`npm run emulator -- --help` lists them).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand, setup } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

setup({ browser: false });
const build = spawnSync(pnpmCommand(), ['--filter', '@realtime-agents/emulator...', 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('[emulator] building the emulator failed; see the output above.');
  process.exit(1);
}
const cli = spawn(
  process.execPath,
  [join(root, 'packages', 'emulator', 'dist', 'cli.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => cli.kill(signal));
cli.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
