// The README's commands are the product's front door: every `npm …` command it shows must be a
// script that exists, CI must run exactly the README's test command, and no package.json script
// may depend on how a shell expands it (the unquoted `./packages/**` that `sh` expanded broke
// `npm run demo` on a fresh clone). The demo command itself is run for real in e2e/readme-demo.spec.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pinnedPnpmVersion, pnpmCommand } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Manifest = { name?: string; scripts?: Record<string, string>; packageManager?: string };
const manifest = (path: string) => JSON.parse(read(path)) as Manifest;

/** Every package.json of the workspace (root, packages, apps, e2e), by path. */
function manifests(): string[] {
  const dirs = ['packages', 'apps'].flatMap((top) =>
    readdirSync(join(root, top), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `${top}/${d.name}/package.json`),
  );
  return ['package.json', 'e2e/package.json', ...dirs];
}

/**
 * Why a script would behave differently under `sh`, `bash`, `cmd.exe` or PowerShell, or '' when it
 * would not: globs and expansions, chains and redirections, quoting that only some shells strip.
 */
function shellHazard(script: string): string {
  if (/[*?[\]{}]/.test(script)) return 'a glob character (sh expands it, cmd.exe does not)';
  if (/&&|\|\||[;|&]/.test(script)) return 'a command chain or pipe (run it from a node script instead)';
  if (/[<>]/.test(script)) return 'a redirection';
  if (/[$`%]/.test(script)) return 'a variable or command expansion';
  if (/['"\\]/.test(script)) return 'quoting or escapes (cmd.exe keeps single quotes)';
  return '';
}

/** The commands in the README's `sh` code blocks (comments stripped), in order. */
function readmeCommands(): string[] {
  const blocks = [...read('README.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('package.json scripts', () => {
  it('detects the hazard that broke npm run demo, and passes plain commands', () => {
    expect(shellHazard('pnpm -r --filter ./packages/** build')).toMatch(/glob/);
    expect(shellHazard('node scripts/setup.mjs && node scripts/test.mjs')).toMatch(/chain/);
    expect(shellHazard("pnpm -r --filter './packages/**' build")).not.toBe('');
    expect(shellHazard('vitest run --project node')).toBe('');
    expect(shellHazard('node bench/run-ts.mjs bench/speech-sample.ts')).toBe('');
  });

  for (const path of manifests()) {
    const { scripts = {} } = manifest(path);
    for (const [name, script] of Object.entries(scripts)) {
      it(`${path} "${name}" runs the same under every shell`, () => {
        expect(shellHazard(script), `${path} script "${name}": ${script}`).toBe('');
      });
    }
  }

  it('root scripts never call pnpm by name (a fresh clone has only npm; scripts/setup.mjs installs pnpm)', () => {
    const { scripts = {} } = manifest('package.json');
    for (const [name, script] of Object.entries(scripts)) {
      expect(script.split(/\s+/)[0], `script "${name}": ${script}`).not.toBe('pnpm');
    }
  });
});

describe('the README commands', () => {
  const commands = readmeCommands();
  const { scripts = {} } = manifest('package.json');

  it('starts with the two set-up commands: npm run demo, then npm test', () => {
    expect(commands.slice(0, 2)).toEqual(['npm run demo', 'npm test']);
  });

  it('names only npm commands whose scripts exist', () => {
    expect(commands.length).toBeGreaterThan(2);
    for (const command of commands) {
      const m = /^npm (?:run ([\w:-]+)|(test))(?: -- .*)?$/.exec(command);
      expect(m, `README command "${command}" is not an npm script command`).not.toBeNull();
      const script = m?.[1] ?? m?.[2] ?? '';
      expect(
        scripts[script],
        `README command "${command}": no "${script}" script in package.json`,
      ).toBeTypeOf('string');
    }
  });

  it('.ci/run calls exactly the README test command, and nothing else', () => {
    const run = read('.ci/run');
    const invoked = run
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .flatMap((l) => [...l.matchAll(/\b(?:npm|pnpm|npx|node)(?: [a-z][\w:.-]*)*/g)].map((m) => m[0]));
    expect(invoked).toEqual(['npm test']);
    expect(commands).toContain('npm test');
  });
});

describe('the pinned toolchain', () => {
  it('packageManager pins an exact pnpm 12 version, and set-up installs that version', () => {
    const version = pinnedPnpmVersion();
    expect(version).toMatch(/^12\.\d+\.\d+$/);
    // the suite runs after set-up, so the pnpm it runs under is the one set-up chose
    const running = spawnSync(pnpmCommand(), ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(running).toBe(version);
  });
});
