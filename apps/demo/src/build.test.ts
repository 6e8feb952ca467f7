// `vite build` of the page, then a scan of everything it emits: no standard API key may ship.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = mkdtempSync(join(tmpdir(), 'demo-dist-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('production build', () => {
  it('builds, and no emitted file contains a standard API key', { timeout: 120_000 }, async () => {
    const { build } = await import('vite');
    const sentinel = 'sk-fake-build-env-key';
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = sentinel; // a key in the build environment must not leak in
    try {
      await build({
        root,
        configFile: join(root, 'vite.config.ts'),
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
    const emitted = files(outDir);
    expect(emitted.some((f) => f.endsWith('index.html'))).toBe(true);
    expect(emitted.some((f) => f.endsWith('.js'))).toBe(true);
    // both AudioWorklet modules ship as files (loadable under script-src 'self'), never inlined
    for (const name of ['capture', 'player']) {
      expect(
        emitted.some((f) => new RegExp(`${name}\\.worklet[-.][\\w-]*\\.js$`).test(f)),
        name,
      ).toBe(true);
    }
    for (const file of emitted) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(sentinel);
      expect(text, file).not.toMatch(/\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/);
      expect(text, file).not.toContain('sk-emulator');
      expect(text, file).not.toContain('data:text/javascript');
    }
  });
});
