/**
 * Bench: browser bundle size. esbuild (bundle, minify, platform browser, ESM) + gzip -9 of an entry
 * importing what a voice-agent app imports, ours and @openai/agents-realtime's, in the same run.
 * Ours is built from source (`source` export condition), with the zod code it pulls in; zod's
 * non-English locales must not be in it. Prints a markdown section.
 * @module
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/core (the bench runs from a compiled copy; find the package by walking up). */
const coreDir = findUp(here, 'packages/core');
const repoDir = join(coreDir, '..', '..');
const LIMIT = 15 * 1024;

function findUp(from: string, suffix: string): string {
  let dir = from;
  while (!dir.endsWith(suffix)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`bundle.bench: no ${suffix} above ${from}`);
    dir = up;
  }
  return dir;
}

interface Measured {
  name: string;
  entry: string;
  minified: number;
  gzip: number;
  text: string;
  metafile: Metafile;
}

async function measure(
  name: string,
  entry: string,
  conditions: string[],
  external: string[] = [],
): Promise<Measured> {
  const result = await build({
    stdin: { contents: entry, resolveDir: coreDir, loader: 'ts', sourcefile: `${name}-entry.ts` },
    absWorkingDir: repoDir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions,
    external,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0]!;
  const gz = gzipSync(out.contents, { level: 9 });
  return {
    name,
    entry,
    minified: out.contents.byteLength,
    gzip: gz.byteLength,
    text: out.text,
    metafile: result.metafile,
  };
}

/** Bytes in the output per input file and per package. */
function contributors(m: Measured) {
  const output = Object.values(m.metafile.outputs)[0]!;
  const files = Object.entries(output.inputs)
    .map(([path, v]) => ({
      path: path.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, ''),
      bytes: v.bytesInOutput,
    }))
    .filter((x) => x.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const byPackage = new Map<string, number>();
  for (const f of files) {
    const pkg = f.path.startsWith('packages/core/')
      ? '@realtime-agents/core (src)'
      : f.path.startsWith('<stdin>') || !f.path.includes('/')
        ? '(entry)'
        : f.path.startsWith('@')
          ? f.path.split('/').slice(0, 2).join('/')
          : f.path.split('/')[0]!;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + f.bytes);
  }
  return { files, byPackage: [...byPackage].sort((a, b) => b[1] - a[1]) };
}

/** Which zod locales ended up in the bundle: by metafile input and by text markers. */
function localeCheck(m: Measured) {
  // Inputs that contribute bytes to the output (metafile.inputs also lists files parsed and then dropped).
  const output = Object.values(m.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .filter(([p, v]) => v.bytesInOutput > 0 && /zod\/v4\/locales\/[^/]+\.js$/.test(p))
    .map(([p]) => p);
  const nonEnglish = inputs.filter((p) => !/\/(en|index)\.js$/.test(p));
  const markers: Array<[string, string]> = [
    ['de', 'Ungültige Eingabe'],
    ['fr', 'Entrée invalide'],
    ['es', 'Entrada inválida'],
  ];
  const found = markers.filter(([, text]) => m.text.includes(text)).map(([l]) => l);
  const zodMini = createRequire(join(coreDir, 'package.json')).resolve('zod/mini');
  const localesDir = join(dirname(zodMini), '..', 'v4', 'locales');
  let available = 0;
  try {
    available = readdirSync(localesDir).filter((f) => f.endsWith('.js') && f !== 'index.js').length;
  } catch {
    // zod laid out differently: the marker check still stands.
  }
  return { inputs, nonEnglish, found, available, markers };
}

const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const ours = await measure(
  'ours',
  "export { RealtimeAgent, RealtimeRunner, tool, realtimeHandoff, outputGuardrail } from '@realtime-agents/core';",
  ['source'],
);
const oursNoZod = await measure(
  'ours-no-zod',
  "export { RealtimeAgent, RealtimeRunner, tool, realtimeHandoff, outputGuardrail } from '@realtime-agents/core';",
  ['source'],
  ['zod', 'zod/*'],
);
const theirs = await measure(
  'theirs',
  "export { RealtimeAgent, RealtimeSession, tool } from '@openai/agents-realtime';",
  [],
);
const locales = localeCheck(ours);
const oursParts = contributors(ours);
const theirsParts = contributors(theirs);
const localesOk = locales.nonEnglish.length === 0 && locales.found.length === 0;
const underLimit = ours.gzip <= LIMIT;
const row = (m: Measured, what: string) =>
  `| ${what} | \`${m.entry.replace(/^export /, '').replace(/;$/, '')}\` | ${KB(m.minified)} | **${KB(m.gzip)}** |`;

const md = [
  '## Core: browser bundle size',
  '',
  `Source: \`packages/core/bench/bundle.bench.ts\`. esbuild ${(await import('esbuild')).version} \`bundle, minify, ` +
    "platform: 'browser', format: 'esm', target: 'es2022'` of a one-line entry, then gzip level 9 (`node:zlib`). " +
    'Ours is built from its TypeScript source (`source` export condition) with the zod code it uses; theirs from ' +
    'its published `dist` (`browser` condition), with everything it pulls in (`@openai/agents-core`, zod, …).',
  '',
  '| | entry | minified | gzip -9 |',
  '|---|---|---:|---:|',
  row(ours, '**ours** `@realtime-agents/core`'),
  row(theirs, 'theirs `@openai/agents-realtime` 0.20.0'),
  `| (ours without zod: zod marked external, to split the total) | same | ${KB(oursNoZod.minified)} | ${KB(oursNoZod.gzip)} |`,
  '',
  `**Theirs is ${(theirs.gzip / ours.gzip).toFixed(1)}× ours gzipped** (${(theirs.minified / ours.minified).toFixed(1)}× minified).`,
  '',
  '| target | result |',
  '|---|---|',
  `| ≤ 15 KB gzipped | ${KB(ours.gzip)} — ${underLimit ? '✅ met' : '❌ missed'} |`,
  `| zod's non-English locales not bundled | ${localesOk ? '✅ none' : '❌ found'}: zod locale modules with bytes in the output: ` +
    `${locales.inputs.length ? locales.inputs.map((p) => `\`${p.replace(/^.*zod\//, 'zod/')}\``).join(', ') : 'none'} ` +
    `(of ${locales.available} non-English locales zod ships); text markers ` +
    `${locales.markers.map(([l, t]) => `${l} “${t}”`).join(', ')}: ${locales.found.length ? `found ${locales.found.join(', ')}` : 'not found'} |`,
  '',
  '<details><summary>Biggest contributors (bytes of minified output, esbuild metafile)</summary>',
  '',
  '| ours: package | bytes | | theirs: package | bytes |',
  '|---|---:|---|---|---:|',
  ...Array.from(
    { length: Math.max(oursParts.byPackage.length, Math.min(8, theirsParts.byPackage.length)) },
    (_, i) => {
      const o = oursParts.byPackage[i];
      const t = theirsParts.byPackage[i];
      return `| ${o ? o[0] : ''} | ${o ? o[1].toLocaleString('en-US') : ''} | | ${t && i < 8 ? t[0] : ''} | ${t && i < 8 ? t[1].toLocaleString('en-US') : ''} |`;
    },
  ),
  '',
  '| ours: file | bytes |',
  '|---|---:|',
  ...oursParts.files.slice(0, 15).map((f) => `| \`${f.path}\` | ${f.bytes.toLocaleString('en-US')} |`),
  '',
  '</details>',
  '',
].join('\n');
process.stdout.write(md);
