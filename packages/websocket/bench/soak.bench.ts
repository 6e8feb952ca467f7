/**
 * Bench (`pnpm bench websocket-soak`): 1,000 connect → one turn → close cycles of a RealtimeSession
 * over `websocketTransport` in Node against the emulator (in a worker thread, so its heap and handles
 * are apart). One runner and transport serve every session in turn, as an app reconnecting would; every
 * 4th turn calls a tool. Measures the client's heap after GC and its active resources before/after,
 * and the emulator's live sessions and sockets. Env: SOAK_CYCLES (default 1000).
 * @module
 */
import { RealtimeRunner } from '@realtime-agents/core';
import { startEmulatorWorker } from '../../../scripts/bench-emulator.mjs';
import { websocketTransport } from '../src/index.js';
import { soakCycle } from './soak-cycle.js';
import {
  formatResources,
  grownResources,
  heapAfterGc,
  mb,
  mbDelta,
  ms,
  pct,
  resources,
  sleep,
} from './soak-stats.js';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 1000);
const WARMUP = 20;
const TARGET_BYTES = 5e6;
const log = (...a: unknown[]) => console.error('[websocket soak]', ...a);

export default async function main(): Promise<string> {
  const emu = await startEmulatorWorker({ name: 'soak-websocket' });
  const emuStart = await emu.stats(true);
  const handlesStart = resources();
  const runner = new RealtimeRunner({
    apiKey: 'sk-test',
    baseUrl: emu.baseUrl,
    transport: websocketTransport(),
  });
  const times = {
    connect: [] as number[],
    turn: [] as number[],
    close: [] as number[],
    total: [] as number[],
  };
  const samples: Array<{ cycle: number; heap: number }> = [];
  let failures = 0;
  let errors = 0;
  let toolTurns = 0;
  let base = heapAfterGc();
  let baseHandles = handlesStart;

  const cycle = async (i: number) => {
    const withTool = i % 4 === 0;
    const t = await soakCycle(runner, withTool);
    errors += t.errors;
    if (i >= WARMUP) {
      times.connect.push(t.connect);
      times.turn.push(t.turn);
      times.close.push(t.close);
      times.total.push(t.connect + t.turn + t.close);
      if (withTool) toolTurns++;
    }
  };

  const started = performance.now();
  for (let i = 0; i < WARMUP + CYCLES; i++) {
    try {
      await cycle(i);
    } catch (e) {
      failures++;
      log(`cycle ${i} failed: ${(e as Error).message}`);
    }
    if (i === WARMUP - 1) {
      await sleep(500);
      base = heapAfterGc();
      baseHandles = resources();
      samples.push({ cycle: 0, heap: base.total });
      log(`warm-up done; heap ${mb(base.total)}; handles ${formatResources(baseHandles)}`);
    } else if (i >= WARMUP && (i - WARMUP + 1) % 100 === 0) {
      const h = heapAfterGc().total;
      samples.push({ cycle: i - WARMUP + 1, heap: h });
      log(`${i - WARMUP + 1}/${CYCLES}: heap ${mbDelta(h - base.total)}, p50 ${ms(pct(times.total, 50))} ms`);
    }
  }
  const wall = (performance.now() - started) / 1000;
  await sleep(1000); // closing handshakes finish
  const after = heapAfterGc();
  const handlesAfter = resources();
  const emuAfter = await emu.stats(true);
  await emu.close();
  const handlesEnd = resources();

  const growth = after.total - base.total;
  const grown = grownResources(baseHandles, handlesAfter);
  const emuSockets = (s: { resources: Record<string, number> }) => s.resources.TCPSocketWrap ?? 0;
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 95))} | ${ms(pct(xs, 99))} | ${ms(Math.max(...xs))} | ${ms(xs.reduce((a, b) => a + b, 0) / xs.length)} |`;
  const ok = (b: boolean) => (b ? '✅ met' : '❌ missed');
  return [
    `## WebSocket: soak — ${CYCLES.toLocaleString('en')} connect → turn → close cycles (Node)`,
    '',
    `Source: \`packages/websocket/bench/soak.bench.ts\`. One \`RealtimeRunner\` with one \`websocketTransport()\` opens ${CYCLES.toLocaleString('en')} sessions in turn against \`startEmulator({ port: 0 })\` (running in a worker thread, so the figures below are the client's alone): \`runner.session(agent)\` → \`sendText\` → wait for \`agent_end\` (the emulator's spoken answer, audio events included) → \`session.close()\`. Every 4th turn asks for the weather, so the emulator calls the agent's \`get_weather\` tool and answers from its output (${toolTurns} tool turns). ${WARMUP} unmeasured warm-up cycles first; heap = \`heapUsed + arrayBuffers\` after two \`global.gc()\`; handles = \`process.getActiveResourcesInfo()\` by type. ${failures} failed cycles, ${errors} \`error\` events; ${wall.toFixed(0)} s in all.`,
    '',
    '| per cycle (ms) | p50 | p95 | p99 | max | mean |',
    '|---|---:|---:|---:|---:|---:|',
    row('connect (`runner.session` → ready)', times.connect),
    row('turn (`sendText` → `agent_end`)', times.turn),
    row('close (`session.close()`)', times.close),
    row('**whole cycle**', times.total),
    '',
    '| client (main thread) | value |',
    '|---|---|',
    `| heap after warm-up → after ${CYCLES.toLocaleString('en')} cycles | ${mb(base.total)} → ${mb(after.total)} (**${mbDelta(growth)}**; heapUsed ${mbDelta(after.heapUsed - base.heapUsed)}, arrayBuffers ${mbDelta(after.arrayBuffers - base.arrayBuffers)}) |`,
    `| heap every 100 cycles (Δ from warm-up) | ${samples.map((s) => mbDelta(s.heap - base.total)).join(' · ')} |`,
    `| active resources before any session | ${formatResources(handlesStart)} |`,
    `| … after warm-up | ${formatResources(baseHandles)} |`,
    `| … after the last cycle (+1 s) | ${formatResources(handlesAfter)} |`,
    `| … after the emulator closed | ${formatResources(handlesEnd)} |`,
    '',
    '| emulator (worker thread) | before | after the last cycle (+1 s) |',
    '|---|---|---|',
    `| live sessions | ${emuStart.sessions.length} | ${emuAfter.sessions.length}${emuAfter.sessions.length ? ` (${emuAfter.sessions.slice(0, 5).join(', ')})` : ''} |`,
    `| TCP connections (\`TCPSocketWrap\`) | ${emuSockets(emuStart)} | ${emuSockets(emuAfter)} |`,
    `| active resources | ${formatResources(emuStart.resources)} | ${formatResources(emuAfter.resources)} |`,
    `| heap after GC | ${mb(emuStart.heap)} | ${mb(emuAfter.heap)} (its event log keeps the last 200 sessions by design) |`,
    '',
    '| target | result |',
    '|---|---|',
    `| client heap growth < 5 MB | ${mbDelta(growth)} — ${ok(growth < TARGET_BYTES)} |`,
    `| no leaked client handles | ${grown.length ? `grew: ${grown.join(', ')}` : 'none grew'} — ${ok(!grown.length)} |`,
    `| no sessions or sockets left open in the emulator | ${emuAfter.sessions.length} sessions, ${emuSockets(emuAfter)} sockets — ${ok(!emuAfter.sessions.length && emuSockets(emuAfter) <= emuSockets(emuStart))} |`,
    `| every cycle completed | ${failures} failed — ${ok(failures === 0)} |`,
  ].join('\n');
}
