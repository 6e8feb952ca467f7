/**
 * Bench: added latency of the capture path (sample in → frame out) and of the player path (frame in →
 * rendered), p50/p95 in headless Chromium, and audio-thread CPU per second of audio for each worklet.
 * The measurement itself runs in the browser (`latency.browser.ts`, vitest browser mode with the
 * package's own config); this wrapper runs it, takes the table it prints and judges the targets
 * (≤ 20 ms p95 for capture and for the player).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = process.env.BENCH_REPO ?? join(process.cwd(), '..', '..');
const TARGET_P95_MS = 20;

const run = spawnSync(
  process.execPath,
  [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'packages/audio/vitest.config.ts'],
  {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, AUDIO_BENCH: '1', NO_COLOR: '1', FORCE_COLOR: '0', VITEST_JSON: '' },
    maxBuffer: 64 * 1024 * 1024,
  },
);
const out = `${run.stdout}\n${run.stderr}`;
if (run.status !== 0) {
  console.error(out.split('\n').slice(-40).join('\n'));
  throw new Error(`the browser latency bench failed (vitest exit ${run.status})`);
}

const lines = out.split('\n');
const start = lines.findIndex((l) => l.startsWith('| path |'));
const ua = lines.findIndex((l, i) => i > start && l.startsWith('Mozilla/'));
if (start === -1 || ua === -1) throw new Error(`no result table in the bench output:\n${out.slice(-2000)}`);
const table = lines.slice(start, ua).join('\n').trim();
const chromium = /Chrome\/([\d.]+)/.exec(lines[ua])?.[1] ?? 'unknown';

/** p95 column of the rows whose path starts with `prefix`. */
function p95s(prefix) {
  return lines
    .slice(start, ua)
    .filter((l) => l.startsWith(`| ${prefix}`))
    .map((l) => Number(l.split('|')[4]));
}
const verdict = (name, xs) => {
  const worst = Math.max(...xs);
  return `| ${name} p95 ≤ ${TARGET_P95_MS} ms | worst ${worst.toFixed(1)} ms over ${xs.length} conditions — ${worst <= TARGET_P95_MS ? '✅ met' : '❌ missed'} |`;
};

/** Capture continuity: nothing lost or silence-filled while the main thread was blocked. */
function continuityVerdict() {
  const line = lines.slice(start, ua).find((l) => l.startsWith('| CapturePipeline'));
  if (!line) return '| capture continuity | no measurement — ❌ missed |';
  const cells = line.split('|').map((c) => c.trim());
  const share = Number(/\(([\d.]+) %\)/.exec(cells[3])?.[1]);
  const ok = cells[4] === '0' && cells[5] === '0' && share >= 99;
  return `| capture continuity under a blocked main thread: 0 gap frames, 0 breaks, ≥ 99 % of context time (the last frame may be filling) | ${cells[4]} gap frames, ${cells[5]} breaks, ${share} % — ${ok ? '✅ met' : '❌ missed'} |`;
}

process.stdout.write(
  [
    '## Audio: capture and player latency, worklet CPU',
    '',
    `Headless Chromium ${chromium}, \`packages/audio/bench/latency.browser.ts\` under vitest browser mode (\`packages/audio/vitest.config.ts\`). Capture: an oscillator is the microphone; "wall clock (onset)" switches it on from the main thread and times until the frame holding the onset reaches the frame callback, "context clock" compares the context's rendered time at arrival with the frame's last sample; both subtract the wait for the frame to fill (framing is not added latency). Player: one 20 ms frame per new item meets an idle player; latency is the context time of its first rendered sample minus the context time at \`enqueue\`, and the same to the \`started\` event back on the main thread. The physical floor is one 128-frame render quantum (2.7 ms at 48 kHz). CPU: offline render time with the worklet minus without, per second of audio.`,
    '',
    table,
    '',
    '| target | result |',
    '|---|---|',
    verdict('capture (sample → frame)', p95s('capture (sample → frame)')),
    verdict('player (frame → rendered)', p95s('player (frame → rendered)')),
    continuityVerdict(),
    '',
  ].join('\n'),
);
