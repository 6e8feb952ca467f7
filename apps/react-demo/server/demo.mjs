// `npm run demo:react`: the same set-up as `npm run demo` (pnpm, dependencies, the libraries built),
// then the React demo's server in this process's place. Ctrl-C reaches the server, which closes the
// emulator and Vite and exits.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackages } from '../../../scripts/build.mjs';
import { setup } from '../../../scripts/setup.mjs';

const app = dirname(dirname(fileURLToPath(import.meta.url)));

setup({ browser: false });
if (buildPackages() !== 0) {
  console.error('[demo:react] building the packages failed; see the output above.');
  process.exit(1);
}

const server = spawn(process.execPath, [join(app, 'server', 'start.mjs')], { cwd: app, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
