// Packaging checks for every workspace package, on the built `dist/` (the suite builds first):
// publint finds the mistakes users of peer SDKs hit (export targets that don't exist, wrong
// conditions order, missing files), and the Node-capable entry points really import in Node.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';

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

describe.each(packages)('package %s', (dir) => {
  const pkgDir = join(root, 'packages', dir);

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
