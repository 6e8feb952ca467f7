// Keeps the migration guide's "One app, ported" honest: builds theirs.ts and ours.ts with esbuild the
// way packages/webrtc/src/bundle-size.test.ts measures (scripts/bundle-split.mjs's KIT_BUILD, gzip -9)
// and checks the sizes the guide quotes are within 5% of today's, and its line counts exact.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { gzipBytes, KIT_BUILD } from '../../../scripts/bundle-split.mjs';

const src = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const guide = readFileSync(
  fileURLToPath(new URL('../../../docs/migrating-from-agents-realtime.md', import.meta.url)),
  'utf8',
);

/** gzip -9 bytes of one app, bundled and minified for the browser with zod left out. */
async function gzippedSize(app: 'theirs' | 'ours'): Promise<number> {
  const result = await build({ ...KIT_BUILD, entryPoints: [src(`${app}.ts`)] });
  return gzipBytes(result.outputFiles[0]!.contents);
}

/** Lines that are neither blank nor comments. */
function codeLines(file: string): number {
  return readFileSync(src(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !/^\s*(\/\/|\/\*|\*)/.test(l)).length;
}

/** A cell of the guide's size table: the row whose first cell starts with `label`, column 1 (theirs) or 2 (ours). */
function quoted(label: string, column: 1 | 2): string {
  const row = guide.split('\n').find((l) => l.startsWith(`| ${label}`));
  if (!row) throw new Error(`the guide has no table row starting "| ${label}"`);
  return row.split('|')[column + 1]!.trim();
}
/** The first number in a cell (`247,115 B (241.3 KB)` → 247115). */
const bytes = (cell: string) => Number(/[\d,]+/.exec(cell)?.[0].replace(/,/g, '') ?? Number.NaN);

describe('the migration guide quotes the ported app as it is', () => {
  it('gzipped bundle sizes within 5%', async () => {
    for (const [app, column] of [
      ['theirs', 1],
      ['ours', 2],
    ] as const) {
      const measured = await gzippedSize(app);
      const inGuide = bytes(quoted('bundle, gzip -9', column));
      console.log(`${app}: ${measured} B gzipped (the guide says ${inGuide} B)`);
      expect(Math.abs(measured - inGuide) / inGuide, `${app}: ${measured} B measured`).toBeLessThanOrEqual(
        0.05,
      );
    }
  });

  it('line counts exact', () => {
    expect(bytes(quoted('lines of code', 1))).toBe(codeLines('theirs.ts'));
    expect(bytes(quoted('lines of code', 2))).toBe(codeLines('ours.ts'));
  });
});
