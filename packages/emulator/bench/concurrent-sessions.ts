/**
 * Benchmark: N concurrent WebSocket sessions, each streaming real-time PCM16 audio in (20 ms chunks
 * every 20 ms; 1.5 s speech / 1.5 s silence turns) with server VAD on and synthesized speech out.
 * The emulator runs in a worker thread; the clients in the main thread.
 *
 * Reports per N: process CPU %, the emulator thread's event-loop utilisation and p99 delay, VAD lag
 * (speech_stopped arrival − the moment the client sent the audio at `audio_end_ms`) and the time from
 * speech_stopped to the first audio delta. "Real time kept" = VAD lag p95 < 100 ms.
 *
 * Run: pnpm --filter @realtime-agents/emulator bench [sessions,…] [seconds]
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { startEmulator } from '../src/emulator.js';
import { silence, speechLike, toBase64 } from '../src/test-support.js';

interface Result {
  sessions: number;
  cpuPercent: number;
  elu: number;
  loopP99Ms: number;
  vadLagP50: number;
  vadLagP95: number;
  vadLagMax: number;
  firstAudioP50: number;
  firstAudioP95: number;
  turns: number;
  responses: number;
}

const pct = (values: number[], p: number) => {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function serverThread(): Promise<void> {
  const emu = await startEmulator({ port: 0 });
  const h = monitorEventLoopDelay({ resolution: 10 });
  let elu0 = performance.eventLoopUtilization();
  parentPort!.postMessage({ type: 'ready', wsUrl: emu.wsUrl });
  parentPort!.on('message', async (msg: { type: string }) => {
    if (msg.type === 'start') {
      h.reset();
      h.enable();
      elu0 = performance.eventLoopUtilization();
    } else if (msg.type === 'stop') {
      h.disable();
      const elu = performance.eventLoopUtilization(elu0).utilization;
      parentPort!.postMessage({ type: 'stats', elu, loopP99Ms: h.percentile(99) / 1e6 });
    } else if (msg.type === 'close') {
      await emu.close();
      process.exit(0);
    }
  });
}

async function runClients(wsUrl: string, sessions: number, seconds: number, worker: Worker): Promise<Result> {
  const speech = speechLike(1500);
  const quiet = silence(1500);
  const cycle = new Int16Array(speech.length + quiet.length);
  cycle.set(speech);
  cycle.set(quiet, speech.length);
  const chunk = 480; // 20 ms
  const vadLag: number[] = [];
  const firstAudio: number[] = [];
  let turns = 0;
  let responses = 0;
  const sockets: WebSocket[] = [];
  await Promise.all(
    Array.from({ length: sessions }, async () => {
      const ws = new WebSocket(`${wsUrl}?model=gpt-realtime`, {
        headers: { authorization: 'Bearer sk-bench' },
      });
      await new Promise((r) => ws.once('open', r));
      sockets.push(ws);
    }),
  );
  const stats = new Promise<{ elu: number; loopP99Ms: number }>((resolve) =>
    worker.on('message', (m) => m.type === 'stats' && resolve(m)),
  );
  worker.postMessage({ type: 'start' });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    sockets.map(async (ws, i) => {
      const sentAt: number[] = []; // wall time when audio ms index*20 was sent
      let stoppedAt = 0;
      ws.on('message', (data) => {
        const e = JSON.parse(data.toString());
        if (e.type === 'input_audio_buffer.speech_stopped') {
          const idx = Math.floor(e.audio_end_ms / 20) - 1;
          if (sentAt[idx] !== undefined) vadLag.push(performance.now() - sentAt[idx]!);
          stoppedAt = performance.now();
          turns++;
        } else if (e.type === 'response.output_audio.delta' && stoppedAt) {
          firstAudio.push(performance.now() - stoppedAt);
          stoppedAt = 0;
        } else if (e.type === 'response.done') responses++;
      });
      await new Promise((r) => setTimeout(r, (i * 37) % 1000)); // stagger
      const start = performance.now();
      for (let n = 0; ; n++) {
        const due = start + n * 20;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() - t0 > seconds * 1000) break;
        const off = (n * chunk) % cycle.length;
        sentAt[n] = performance.now();
        ws.send(
          JSON.stringify({
            type: 'input_audio_buffer.append',
            audio: toBase64(cycle.subarray(off, off + chunk)),
          }),
        );
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  worker.postMessage({ type: 'stop' });
  const s = await stats;
  for (const ws of sockets) ws.close();
  await new Promise((r) => setTimeout(r, 300));
  return {
    sessions,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    elu: s.elu,
    loopP99Ms: s.loopP99Ms,
    vadLagP50: pct(vadLag, 50),
    vadLagP95: pct(vadLag, 95),
    vadLagMax: Math.max(...vadLag),
    firstAudioP50: pct(firstAudio, 50),
    firstAudioP95: pct(firstAudio, 95),
    turns,
    responses,
  };
}

async function main(): Promise<void> {
  const counts = (process.argv[2] ?? '10,25,50,75').split(',').map(Number);
  const seconds = Number(process.argv[3] ?? 12);
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'server' } });
  const wsUrl = await new Promise<string>((resolve) => worker.once('message', (m) => resolve(m.wsUrl)));
  console.log(
    `emulator ${wsUrl}; ${seconds} s per run; turns = 1.5 s speech + 1.5 s silence; 2-core machine`,
  );
  console.log(
    '| sessions | CPU % (process) | emulator ELU | loop p99 ms | VAD lag p50/p95/max ms | speech_stopped→first audio p50/p95 ms | turns | responses | real time kept |',
  );
  console.log('|---:|---:|---:|---:|---|---|---:|---:|---|');
  // warm-up (not reported): JIT, the synthesizer's first calls and its cache, socket setup
  if (process.env.SESSIONS_BENCH_WARMUP !== '0') await runClients(wsUrl, 5, 4, worker);
  for (const n of counts) {
    const r = await runClients(wsUrl, n, seconds, worker);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
    console.log(
      `| ${n} | ${r.cpuPercent.toFixed(0)} | ${r.elu.toFixed(2)} | ${r.loopP99Ms.toFixed(1)} | ${f(r.vadLagP50)} / ${f(r.vadLagP95)} / ${f(r.vadLagMax)} | ${f(r.firstAudioP50)} / ${f(r.firstAudioP95)} | ${r.turns} | ${r.responses} | ${r.vadLagP95 < 100 ? 'yes' : 'no'} |`,
    );
  }
  worker.postMessage({ type: 'close' });
}

if (isMainThread) await main();
else if (workerData?.role === 'server') await serverThread();
