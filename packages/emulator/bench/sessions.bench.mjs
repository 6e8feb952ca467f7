/**
 * Bench (`pnpm bench emulator-sessions`): concurrent WebSocket sessions streaming real-time audio in
 * with server VAD and synthesized speech out, on this machine. Runs `concurrent-sessions.ts` (the
 * measurement; emulator in a worker thread, clients in the main thread) as its own process, then
 * judges the target: ≥ 50 sessions without falling behind real time. Env: SESSIONS_BENCH_COUNTS
 * (default `25,50,75,100`), SESSIONS_BENCH_SECONDS (default 12).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const pkgDir = process.cwd(); // bench.mjs runs benches in their package directory
const counts = process.env.SESSIONS_BENCH_COUNTS ?? '25,50,75,100';
const seconds = process.env.SESSIONS_BENCH_SECONDS ?? '12';
const TARGET = 50;

const outfile = join(pkgDir, 'node_modules', '.cache', 'bench', 'concurrent-sessions.mjs');
await build({
  entryPoints: [join(pkgDir, 'bench', 'concurrent-sessions.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  external: ['ws', 'espeak-ng', 'werift', 'opusscript'],
  logLevel: 'warning',
});

const load = loadavg().map((x) => x.toFixed(1));
const run = spawnSync(process.execPath, [outfile, counts, seconds], {
  cwd: pkgDir,
  encoding: 'utf8',
  maxBuffer: 16 * 1024 * 1024,
});
if (run.status !== 0) {
  console.error(run.stderr.split('\n').slice(-30).join('\n'));
  throw new Error(`concurrent-sessions exited with ${run.status}`);
}
const rows = run.stdout.split('\n').filter((l) => l.startsWith('|'));
const data = rows.filter((l) => /^\|\s*\d+\s*\|/.test(l));
if (!data.length) throw new Error(`no result rows in:\n${run.stdout}`);
const n = (l) => Number(l.split('|')[1]);
const firstMiss = data.find((l) => l.trim().endsWith('| no |'));
// the most sessions for which that row and every smaller one kept real time
const best = data.filter((l) => !firstMiss || n(l) < n(firstMiss)).reduce((m, l) => Math.max(m, n(l)), 0);

process.stdout.write(
  [
    '## Emulator: concurrent WebSocket sessions in real time',
    '',
    `\`packages/emulator/bench/concurrent-sessions.ts\`, ${seconds} s per row, ${cpus().length} cores; load average before the run ${load.join(' / ')}. Each session is a WebSocket client streaming PCM16 24 kHz audio in real time (20 ms chunks every 20 ms) in turns of 1.5 s speech-like audio and 1.5 s silence, with server VAD on (threshold 0.5, 200 ms silence) and the default brain's spoken answer out, after an unreported 4 s warm-up with 5 sessions (espeak-ng synthesis in a worker thread, cached). The emulator runs in a worker thread, the clients in the main thread of the same process, so the CPU column counts both.`,
    '',
    '- **VAD lag**: `input_audio_buffer.speech_stopped` arrival minus the moment the client sent the audio at `audio_end_ms`; it grows without bound once the emulator falls behind. "Real time kept" = VAD lag p95 < 100 ms.',
    '- **ELU / loop p99**: event-loop utilisation and p99 event-loop delay of the emulator thread.',
    '',
    ...rows,
    '',
    '| target | result |',
    '|---|---|',
    `| ≥ ${TARGET} sessions without falling behind real time | up to ${best} kept real time${firstMiss ? `, fell behind at ${n(firstMiss)}` : ' (every row measured)'} — ${best >= TARGET ? '✅ met' : '❌ missed'} |`,
    '',
  ].join('\n'),
);
