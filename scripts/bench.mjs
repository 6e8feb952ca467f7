#!/usr/bin/env node
/**
 * `pnpm bench [filter...]` — runs every `packages/<pkg>/bench/*.bench.{ts,mts,mjs}` and writes
 * BENCHMARKS.md at the repo root.
 *
 * Each bench is compiled with esbuild into `packages/<pkg>/node_modules/.bench/<name>.mjs` (workspace
 * packages bundled from source via the `source` export condition; every other package stays an
 * external import, so it runs as published and resolves from that package's node_modules), then
 * run with `node --expose-gc` in the package directory. A bench reports markdown in one of three ways:
 *   1. prints it to stdout (progress and logs go to stderr);
 *   2. writes it to the file named by env `BENCH_MARKDOWN` (stdout is then ignored);
 *   3. `export default` a (async) function returning the markdown string, or a string.
 * Env given to benches: BENCH_ID, BENCH_MARKDOWN, BENCH_REPO (repo root).
 *
 * BENCHMARKS.md keeps one section per bench between `<!-- bench:<id> -->` and `<!-- /bench:<id> -->`
 * (id = `<pkg>-<name>`, e.g. `core-events`). A filtered run (`pnpm bench events`, matched against the
 * id and the path) replaces only the sections it re-ran; each section records the command, date and
 * machine that produced it. A failing bench gets a section saying so and the run exits 1.
 *
 * Options: `--list` prints the benches; env BENCH_TIMEOUT_MS (default 1,800,000) per bench.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'BENCHMARKS.md');
const args = process.argv.slice(2);
const list = args.includes('--list');
const filters = args.filter((a) => !a.startsWith('--'));
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 30 * 60 * 1000);
const BENCH_FILE = /\.bench\.(ts|mts|mjs)$/;

/** Every bench in the workspace, in a stable order. */
function discover() {
  const found = [];
  const packagesDir = join(root, 'packages');
  for (const pkg of readdirSync(packagesDir).sort()) {
    const dir = join(packagesDir, pkg, 'bench');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!BENCH_FILE.test(file)) continue;
      const name = file.replace(BENCH_FILE, '');
      found.push({ id: `${pkg}-${name}`, pkgDir: join(packagesDir, pkg), path: join(dir, file), name });
    }
  }
  return found;
}

/** Bundle one bench to an .mjs next to its package's node_modules; also returns the repo files it bundled. */
async function compile(bench) {
  const outDir = join(bench.pkgDir, 'node_modules', '.bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${bench.name}.bench.mjs`);
  const result = await build({
    absWorkingDir: root,
    metafile: true,
    entryPoints: [bench.path],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    conditions: ['source'],
    logLevel: 'warning',
    // Lets bundled CommonJS call require() in the ESM output.
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'workspace-from-source',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) => {
            if (a.kind === 'entry-point' || a.path.startsWith('@realtime-agents/')) return undefined;
            return { path: a.path, external: true };
          });
        },
      },
    ],
  });
  const sources = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
  return { outfile, sources };
}

/** The commit, and which of the bundled sources differ from it (others edit the tree concurrently). */
function gitState(sources) {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3).replace(/^.* -> /, ''));
    const dirty = sources.filter((s) => changed.includes(s));
    return dirty.length
      ? `commit ${head} + uncommitted changes in ${dirty.length} measured source file(s): ${dirty.map((d) => `\`${d}\``).join(', ')}`
      : `commit ${head}, measured sources as committed`;
  } catch {
    return 'not a git checkout';
  }
}

/** Run a compiled bench; resolves with its markdown, or rejects with what went wrong. */
function run(bench, compiled) {
  const mdFile = join(dirname(compiled), `${bench.name}.bench.md`);
  rmSync(mdFile, { force: true });
  // A tiny ESM driver so a bench may also `export default` its markdown; argv stays clean for the bench.
  const driver = [
    'const m = await import(process.env.BENCH_ENTRY);',
    "let md = typeof m.default === 'function' ? await m.default() : m.default;",
    "if (typeof md === 'string') process.stdout.write(md);",
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', driver], {
      cwd: bench.pkgDir,
      env: {
        ...process.env,
        BENCH_ID: bench.id,
        BENCH_MARKDOWN: mdFile,
        BENCH_REPO: root,
        BENCH_ENTRY: pathToFileURL(compiled).href,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const tail = stderr.trim().split('\n').slice(-15).join('\n');
        reject(new Error(`exited with ${signal ?? code}\n${tail}`));
        return;
      }
      const md = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : stdout;
      if (!md.trim()) reject(new Error('printed no markdown'));
      else resolve(md.trim());
    });
  });
}

function machine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() || 'unknown CPU';
  const mem = `${Math.round(os.totalmem() / 2 ** 30)} GB RAM`;
  return `${cpus.length} cores × ${model}, ${mem}, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}

function command() {
  const rest = args.map((a) => (/^[\w@./:=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  const viaPnpm = process.env.npm_lifecycle_event === 'bench';
  return `${viaPnpm ? 'pnpm bench' : 'node scripts/bench.mjs'}${rest ? ` ${rest}` : ''}`;
}

const SECTION = /<!-- bench:([\w.-]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g;

/** Existing sections of BENCHMARKS.md, in order. */
function readSections() {
  if (!existsSync(outFile)) return new Map();
  const text = readFileSync(outFile, 'utf8');
  return new Map([...text.matchAll(SECTION)].map((m) => [m[1], m[2]]));
}

function writeReport(sections, header) {
  const body = [...sections].map(([id, md]) => `<!-- bench:${id} -->\n${md}\n<!-- /bench:${id} -->`);
  const text = [
    '# Benchmarks',
    '',
    'Generated by `pnpm bench` ([scripts/bench.mjs](scripts/bench.mjs)); do not edit by hand. Each section ' +
      'says which command produced it, when and on which machine; `pnpm bench <filter>` re-runs only the ' +
      'matching benches and keeps the other sections. Benches live in `packages/*/bench/*.bench.ts`.',
    '',
    header,
    '',
    ...body.flatMap((b) => [b, '']),
  ].join('\n');
  writeFileSync(outFile, text);
}

/** Put the provenance line right under the section's first heading (or on top). */
function withProvenance(md, provenance) {
  const lines = md.split('\n');
  const h = lines.findIndex((l) => /^#{1,6} /.test(l));
  if (h === -1) return `${provenance}\n\n${md}`;
  lines.splice(h + 1, 0, '', provenance);
  return lines.join('\n');
}

const benches = discover();
if (list) {
  for (const b of benches) console.log(`${b.id.padEnd(28)} ${relative(root, b.path)}`);
  process.exit(0);
}
const selected = filters.length
  ? benches.filter((b) => filters.some((f) => b.id.includes(f) || relative(root, b.path).includes(f)))
  : benches;
if (!selected.length) {
  console.error(
    `No bench matches ${filters.map((f) => `'${f}'`).join(', ')}. Benches: ${benches.map((b) => b.id).join(', ') || 'none'}`,
  );
  process.exit(1);
}

const cmd = command();
const now = () =>
  new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
const date = now();
const where = machine();
const sections = readSections();
if (!filters.length) {
  // A full run drops sections whose bench no longer exists.
  for (const id of [...sections.keys()]) if (!benches.some((b) => b.id === id)) sections.delete(id);
}
let failed = 0;
for (const bench of selected) {
  process.stderr.write(`\n▶ ${bench.id} (${relative(root, bench.path)})\n`);
  const started = Date.now();
  const startedAt = now();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  let md;
  let state = '';
  try {
    const compiled = await compile(bench);
    state = gitState(compiled.sources);
    md = await run(bench, compiled.outfile);
  } catch (e) {
    failed++;
    md = `## ${bench.id}\n\n❌ **This bench failed** (${relative(root, bench.path)}):\n\n\`\`\`\n${e?.message ?? e}\n\`\`\``;
    process.stderr.write(`✗ ${bench.id} failed: ${e?.message ?? e}\n`);
  }
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  const provenance =
    `_\`${cmd}\` · ${startedAt} · ${where} · load average at start ${load} (1/5/15 min) · took ${secs} s` +
    `${state ? ` · ${state}` : ''}_`;
  sections.set(bench.id, withProvenance(md, provenance));
  writeReport(
    sections,
    `Last run: \`${cmd}\` on ${date} — ${where}; re-ran ${selected.map((b) => `\`${b.id}\``).join(', ')}.`,
  );
  process.stderr.write(`✓ ${bench.id} (${secs} s) → ${relative(process.cwd(), outFile) || outFile}\n`);
}
process.stderr.write(`\n${basename(outFile)}: ${selected.length - failed} bench(es) ran, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
