// `npm run demo`: set-up (pnpm, dependencies), build the libraries, then the demo server in this
// process's place. No shell is involved, so nothing depends on how `sh` or `cmd` expand arguments.
// Ctrl-C (SIGINT) or SIGTERM reaches the demo server, which closes the emulator and Vite and exits.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackages } from './build.mjs';
import { setup } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

setup({ browser: false });
if (buildPackages() !== 0) {
  console.error('[demo] building the packages failed; see the output above.');
  process.exit(1);
}

const server = spawn(process.execPath, [join(root, 'apps', 'demo', 'server', 'start.mjs')], {
  cwd: join(root, 'apps', 'demo'),
  stdio: 'inherit',
});
// The terminal sends Ctrl-C to the whole group; a `kill <pid>` reaches only us: pass it on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
