#!/usr/bin/env node
/**
 * `pnpm fuzz [--cases N] [--seed S]` — runs the core fuzz properties (packages/core/src/fuzz/*.properties.ts)
 * with a big budget: N cases in total (default 1,000,000), 90% shared by the parser properties and
 * 10% by the session ones (a session case drives a whole session, ~100× a parse). Prints cases/s per
 * property and writes the `core-fuzz` section of BENCHMARKS.md in the format of scripts/bench.mjs
 * (command, date, machine, load, commit), leaving the other sections alone. Exits 1 on a failure,
 * with fast-check's counterexample and seed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'packages', 'core');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) {
    console.error(`${name} needs a positive whole number, got '${args[i + 1] ?? ''}'`);
    process.exit(2);
  }
  return v;
};
const total = opt('--cases', 1_000_000);
const seed = opt('--seed', 20_261_211);
const SESSION_SHARE = 0.1;

// Bundle the property tables from source; fast-check and zod stay external (core's node_modules).
const outDir = join(core, 'node_modules', '.fuzz');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'properties.mjs');
await build({
  stdin: {
    contents:
      "export { PARSER_PROPERTIES } from './src/fuzz/parser.properties.ts';\n" +
      "export { SESSION_PROPERTIES } from './src/fuzz/session.properties.ts';\n" +
      "export { default as fc } from 'fast-check';\n",
    resolveDir: core,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  packages: 'external',
  logLevel: 'warning',
});
const { PARSER_PROPERTIES, SESSION_PROPERTIES, fc } = await import(pathToFileURL(outfile).href);

const parserNames = Object.keys(PARSER_PROPERTIES);
const sessionNames = Object.keys(SESSION_PROPERTIES);
const sessionCases = Math.max(1, Math.round((total * SESSION_SHARE) / sessionNames.length));
const parserCases = Math.max(
  1,
  Math.round((total - sessionCases * sessionNames.length) / parserNames.length),
);
const plan = [
  ...parserNames.map((name) => ({ name, make: PARSER_PROPERTIES[name], runs: parserCases })),
  ...sessionNames.map((name) => ({ name, make: SESSION_PROPERTIES[name], runs: sessionCases })),
];

const startedAt = new Date()
  .toISOString()
  .replace('T', ' ')
  .replace(/\.\d+Z$/, ' UTC');
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ');
const t0 = Date.now();
const rows = [];
let failed = 0;
for (const p of plan) {
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const result = await fc.check(p.make(), { numRuns: p.runs, seed });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const ran = result.numRuns;
  const row = { name: p.name, ran, secs, rate: ran / secs, cpuRate: ran / cpuSecs, ok: !result.failed };
  rows.push(row);
  console.log(
    `${row.ok ? '✓' : '✗'} ${p.name}: ${ran.toLocaleString('en-US')} cases in ${secs.toFixed(1)} s — ${Math.round(row.rate).toLocaleString('en-US')} cases/s`,
  );
  if (result.failed) {
    failed++;
    console.error(fc.defaultReportMessage(result));
    console.error(`Cause: ${result.errorInstance?.stack ?? result.errorInstance}`);
  }
}
const tookSecs = (Date.now() - t0) / 1000;
const ranTotal = rows.reduce((n, r) => n + r.ran, 0);
console.log(
  `${ranTotal.toLocaleString('en-US')} cases in ${tookSecs.toFixed(0)} s, ${failed} propert${failed === 1 ? 'y' : 'ies'} failed`,
);

function machine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() || 'unknown CPU';
  return `${cpus.length} cores × ${model}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}
function commit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages/core/src'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty
      ? `commit ${head} + uncommitted changes in packages/core/src`
      : `commit ${head}, measured sources as committed`;
  } catch {
    return 'not a git checkout';
  }
}
const viaPnpm = process.env.npm_lifecycle_event === 'fuzz';
const cmd = `${viaPnpm ? 'pnpm fuzz' : 'node scripts/fuzz.mjs'}${args.length ? ` ${args.join(' ')}` : ''}`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const md = [
  '## Core: fuzzing (fast-check property tests)',
  '',
  `_\`${cmd}\` · ${startedAt} · ${machine()} · load average at start ${load} (1/5/15 min) · took ${tookSecs.toFixed(0)} s · ${commit()}_`,
  '',
  `Source: \`packages/core/src/fuzz/*.properties.ts\`, run by \`scripts/fuzz.mjs\` with fast-check ${fc.__version}, seed ${seed}. ` +
    'Session cases drive a real `RealtimeSession` over a `ScriptedTransport` with an agent that has a tool that succeeds, one that throws, one needing approval, a handoff and an output guardrail; ' +
    'invariants: nothing thrown or unhandled, every rejected message an `error` event, no `response.create` while a conversation response runs, each call id run once, unique history ids, clean close. ' +
    'The vitest files run the same properties with a small budget. ' +
    'Two known bugs are kept out of the checks, each at its one spot with a comment: the scripted transport throws on an audio delta that is not base64 (its own `atob`, after the session took the event; counted apart, not as a session leak), ' +
    'and `parseAudioDeltaWire` takes an audio delta the parser rejects for its `response_id`/`output_index`/`content_index`.',
  '',
  '| property | cases | time | cases/s (wall) | cases per CPU-second | result |',
  '|---|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${fmt(r.ran)} | ${r.secs.toFixed(1)} s | ${fmt(r.rate)} | ${fmt(r.cpuRate)} | ${r.ok ? '✅ held' : '❌ failed'} |`,
  ),
  `| **total** | **${fmt(ranTotal)}** | ${tookSecs.toFixed(0)} s | ${fmt(ranTotal / tookSecs)} | | ${failed ? `❌ ${failed} failed` : '✅ all held'} |`,
].join('\n');

const outFile = join(root, 'BENCHMARKS.md');
const text = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '# Benchmarks\n';
const section = `<!-- bench:core-fuzz -->\n${md}\n<!-- /bench:core-fuzz -->`;
const existing = /<!-- bench:core-fuzz -->\n[\s\S]*?\n<!-- \/bench:core-fuzz -->/;
writeFileSync(
  outFile,
  existing.test(text) ? text.replace(existing, () => section) : `${text.trimEnd()}\n\n${section}\n`,
);
console.log(`BENCHMARKS.md: core-fuzz section written`);
process.exit(failed ? 1 : 0);
