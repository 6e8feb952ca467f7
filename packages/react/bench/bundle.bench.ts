/**
 * Bench: browser bundle size of `@realtime-agents/react`. esbuild (bundle, minify, platform browser,
 * ESM) + gzip -9 of an entry importing every export, built from source (`source` export condition),
 * with React and the kit's own packages external (an app has them anyway). Prints a markdown section.
 * @module
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/react (the bench runs from a compiled copy; find the package by walking up). */
const reactDir = findUp(here, 'packages/react');
const repoDir = join(reactDir, '..', '..');
const LIMIT = 5 * 1024;
const EXTERNAL = [
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  '@realtime-agents/core',
  '@realtime-agents/audio',
];

function findUp(from: string, suffix: string): string {
  let dir = from;
  while (!dir.endsWith(suffix)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`bundle.bench: no ${suffix} above ${from}`);
    dir = up;
  }
  return dir;
}

async function measure(entry: string) {
  const result = await build({
    stdin: { contents: entry, resolveDir: reactDir, loader: 'ts', sourcefile: 'react-entry.ts' },
    absWorkingDir: repoDir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    conditions: ['source'],
    external: EXTERNAL,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0]!;
  const output = Object.values(result.metafile.outputs)[0]!;
  const files = Object.entries(output.inputs)
    .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
    .filter((f) => f.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    entry,
    minified: out.contents.byteLength,
    gzip: gzipSync(out.contents, { level: 9 }).byteLength,
    files,
  };
}

const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const all = await measure("export * from '@realtime-agents/react';");
const hooksOnly = await measure(
  "export { RealtimeProvider, useRealtimeSession, useTranscript, useAgentState } from '@realtime-agents/react';",
);
const met = all.gzip <= LIMIT;
const row = (m: typeof all, what: string) =>
  `| ${what} | \`${m.entry.replace(/^export /, '').replace(/;$/, '')}\` | ${KB(m.minified)} | **${KB(m.gzip)}** |`;

const md = [
  '## React: browser bundle size',
  '',
  `Source: \`packages/react/bench/bundle.bench.ts\`. esbuild ${(await import('esbuild')).version} \`bundle, minify, ` +
    "platform: 'browser', format: 'esm', target: 'es2022', jsx: 'automatic'` of a one-line entry, built from " +
    'its TypeScript source (`source` export condition), then gzip level 9 (`node:zlib`). External (not counted): ' +
    `${EXTERNAL.map((e) => `\`${e}\``).join(', ')} — an app using the kit has React and the kit already.`,
  '',
  '| | entry | minified | gzip -9 |',
  '|---|---|---:|---:|',
  row(all, '**everything** `@realtime-agents/react`'),
  row(hooksOnly, 'provider + three hooks (tree-shaken)'),
  '',
  '| target | result |',
  '|---|---|',
  `| ≤ 5 KB gzipped (everything) | ${KB(all.gzip)} (${all.gzip.toLocaleString('en-US')} of ${LIMIT.toLocaleString('en-US')} bytes) — ${met ? '✅ met' : '❌ missed'} |`,
  '',
  '<details><summary>Bytes of minified output per file (esbuild metafile)</summary>',
  '',
  '| file | bytes |',
  '|---|---:|',
  ...all.files.map((f) => `| \`${f.path}\` | ${f.bytes.toLocaleString('en-US')} |`),
  '',
  '</details>',
  '',
].join('\n');
process.stdout.write(md);
