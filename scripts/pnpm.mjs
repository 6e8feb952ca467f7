// Runs pnpm whether it is on PATH or was installed locally into .tools by setup.mjs.
import { spawnSync } from 'node:child_process';
import { pnpmCommand } from './setup.mjs';

const r = spawnSync(pnpmCommand(), process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
