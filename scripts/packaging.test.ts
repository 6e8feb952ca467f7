// Packaging checks for every workspace package, on the built `dist/` (the suite builds first):
// publint finds the mistakes users of peer SDKs hit (export targets that don't exist, wrong
// conditions order, missing files), "Are the types wrong?" resolves every entry point of the real
// packed tarball the way TypeScript does for consumers, and the Node-capable entry points really
// import in Node.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { problemAffectsResolutionKind, problemKindInfo } from '@arethetypeswrong/core/problems';
import type { ResolutionKind } from '@arethetypeswrong/core/types';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = readdirSync(join(root, 'packages')).filter((d) =>
  existsSync(join(root, 'packages', d, 'package.json')),
);

type Conditions = Record<string, string>;
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, Conditions>;
    bin?: Record<string, string>;
  };

/** Entry points that must load in plain Node (the rest are browser-only by design). */
const nodeEntries = [
  '@realtime-agents/core',
  '@realtime-agents/core/testing',
  '@realtime-agents/audio/codecs',
  '@realtime-agents/server',
  '@realtime-agents/websocket',
  '@realtime-agents/emulator',
];

/**
 * Resolution modes attw must find clean. The packages are ESM-only by design, so `node10`
 * (no `exports` support) and `node16-cjs` (`require` of an ESM entry → CJSResolvesToESM) fail
 * legitimately; they are left out, exactly like the attw CLI's `--profile esm-only`.
 */
const attwModes: readonly ResolutionKind[] = ['node16-esm', 'bundler'];

// Real tarballs (what `npm publish` would upload), packed once for all packages, in parallel.
// `--ignore-scripts`: the suite has already built dist/. The `workspace:*` ranges stay unrewritten
// in the packed package.json; attw reads only the tarball's files, never installs dependencies.
const packDir = mkdtempSync(join(tmpdir(), 'ra-attw-'));
const tarballs = new Map<string, string>();
beforeAll(async () => {
  await Promise.all(
    packages.map(async (dir) => {
      const { stdout } = await promisify(execFile)(
        'npm',
        ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
        { cwd: join(root, 'packages', dir) },
      );
      const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
      tarballs.set(dir, join(packDir, filename));
    }),
  );
}, 60_000);
afterAll(() => rmSync(packDir, { recursive: true, force: true }));

describe.each(packages)('package %s', (dir) => {
  const pkgDir = join(root, 'packages', dir);

  it(`has no "Are the types wrong?" problems (${attwModes.join(', ')})`, async () => {
    const tarball = tarballs.get(dir);
    expect(tarball, `npm pack produced a tarball for ${dir}`).toBeDefined();
    const result = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball!))));
    expect(result.types, `${manifest(dir).name}: attw found no types at all`).not.toBe(false);
    if (!result.types) return;
    expect(Object.keys(result.entrypoints), 'attw checked every subpath export').toEqual(
      Object.keys(manifest(dir).exports),
    );
    const problems = result.problems
      .filter((p) => attwModes.some((mode) => problemAffectsResolutionKind(p, mode, result)))
      .map((p) => {
        const where = 'entrypoint' in p ? ` at ${p.entrypoint}` : '';
        const mode = 'resolutionKind' in p ? ` (${p.resolutionKind})` : '';
        const file = 'fileName' in p ? ` in ${p.fileName}` : '';
        return `${p.kind}${where}${mode}${file}: ${problemKindInfo[p.kind].title}`;
      });
    expect(problems).toEqual([]);
  });

  it('passes publint (warnings included)', async () => {
    const pkg = manifest(dir);
    const { messages } = await publint({ pkgDir, level: 'warning', pack: 'npm' });
    const text = messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
    expect(text).toEqual([]);
  });

  it('every export condition and bin points at a file that exists, with types beside the code', () => {
    const pkg = manifest(dir);
    expect(Object.keys(pkg.exports).length).toBeGreaterThan(0);
    for (const [sub, conds] of Object.entries(pkg.exports)) {
      expect(Object.keys(conds), `${pkg.name} exports['${sub}']`).toEqual(
        expect.arrayContaining(['types', 'import', 'default']),
      );
      for (const [cond, target] of Object.entries(conds)) {
        expect(existsSync(join(pkgDir, target)), `${pkg.name} exports['${sub}'].${cond} → ${target}`).toBe(
          true,
        );
      }
    }
    for (const [name, target] of Object.entries(pkg.bin ?? {})) {
      expect(existsSync(join(pkgDir, target)), `bin ${name} → ${target}`).toBe(true);
      expect(readFileSync(join(pkgDir, target), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    }
  });
});

describe('Node entry points', () => {
  it.each(nodeEntries)('%s imports from dist in Node and exports something', async (spec) => {
    const [scope, name, ...rest] = spec.split('/');
    const pkg = manifest(name!);
    const sub = rest.length ? `./${rest.join('/')}` : '.';
    const file = join(root, 'packages', name!, pkg.exports[sub]!.import!);
    expect(`${scope}/${name}`).toBe(pkg.name);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    expect(Object.keys(mod).length).toBeGreaterThan(0);
  });
});
