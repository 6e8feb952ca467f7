/**
 * Bench (`pnpm bench webrtc-soak`): 100 connect → turn → close cycles of a RealtimeSession over
 * `webrtcTransport` in headless Chromium (fake microphone) against the emulator (in a worker thread).
 * Measures the page's JS heap after a CDP-forced GC, peer connections not closed, AudioContexts and
 * microphone tracks left running, and the emulator's live sessions and UDP sockets. Every 4th turn
 * calls a tool. Env: SOAK_CYCLES (default 100).
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright';
import { startEmulatorWorker } from '../../../scripts/bench-emulator.mjs';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 100);
const WARMUP = 5;
const TARGET_BYTES = 5e6;
const pkgDir = process.cwd(); // bench.mjs runs benches in their package directory
const log = (...a: unknown[]) => console.error('[webrtc soak]', ...a);

interface Counts {
  peersCreated: number;
  peersOpen: number;
  peersUncollected: number;
  contextsCreated: number;
  contextsNotClosed: number;
  contextsRunning: number;
  tracksLive: number;
  audioElements: number;
}
interface Cycle {
  connect: number;
  turn: number;
  close: number;
  errors: number;
}

/** Bundle one browser entry from its package (workspace packages from source). */
async function bundle(dir: string, entry: string): Promise<string> {
  const out = await build({
    entryPoints: [join(dir, 'bench', entry)],
    absWorkingDir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

/** The soak page, and packages/websocket/bench/browser-soak-transport.ts before it. */
async function serve(): Promise<{ url: string; server: Server }> {
  const files: Record<string, string> = {
    '/page.js': await bundle(pkgDir, 'soak-page.ts'),
    '/ws.js': await bundle(join(pkgDir, '..', 'websocket'), 'browser-soak-transport.ts'),
  };
  const html =
    '<!doctype html><meta charset="utf-8"><title>soak</title>' +
    '<script type="module" src="/ws.js"></script><script type="module" src="/page.js"></script>';
  const server = createServer((req, res) => {
    const js = files[req.url ?? ''];
    if (js) res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const f = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
const mbDelta = (b: number) => `${b >= 0 ? '+' : '−'}${(Math.abs(b) / 1e6).toFixed(2)} MB`;
const ok = (b: boolean) => (b ? '✅ met' : '❌ missed');
const fmt = (r: Record<string, number>) =>
  Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, n]) => `${t} ${n}`)
    .join(', ') || 'none';

type Kind = 'webrtc' | 'websocket';
type Emu = Awaited<ReturnType<typeof startEmulatorWorker>>;

/** The soak over one transport, in a fresh page; returns its markdown lines. */
async function soak(browser: Browser, emu: Emu, url: string, kind: Kind): Promise<string[]> {
  const page: Page = await browser.newPage();
  try {
    page.on('pageerror', (e) => log('page error', e.message));
    page.on('console', (m) => m.type() === 'error' && log('console', m.text()));
    await page.goto(url);
    await page.waitForFunction(() => 'soak' in window && 'soakWebSocketTransport' in window);
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    type Soak = { cycle(b: string, t: boolean, k: Kind): Promise<Cycle>; counts(): Counts };
    const cycle = (withTool: boolean) =>
      page.evaluate(([b, t, k]) => (window as unknown as { soak: Soak }).soak.cycle(b, t, k), [
        emu.baseUrl,
        withTool,
        kind,
      ] as const);
    const counts = () => page.evaluate(() => (window as unknown as { soak: Soak }).soak.counts());
    const heapStart = await heap();
    const emuStart = await emu.stats(true);
    const results: Cycle[] = [];
    const samples: number[] = [];
    let failures = 0;
    let base = heapStart;
    const started = performance.now();
    for (let i = 0; i < WARMUP + CYCLES; i++) {
      try {
        const r = await cycle(i % 4 === 0);
        if (i >= WARMUP) results.push(r);
      } catch (e) {
        failures++;
        log(`${kind} cycle ${i} failed: ${(e as Error).message}`);
      }
      if (i === WARMUP - 1) {
        await page.waitForTimeout(1000);
        base = await heap();
        samples.push(base);
      } else if (i >= WARMUP && (i - WARMUP + 1) % 20 === 0) {
        samples.push(await heap());
        log(
          `${kind} ${i - WARMUP + 1}/${CYCLES}: heap ${mbDelta(samples.at(-1)! - base)}, ${JSON.stringify(await counts())}`,
        );
      }
    }
    const wall = (performance.now() - started) / 1000;
    await page.waitForTimeout(2000); // close handshakes and ICE teardown settle
    const heapEnd = await heap();
    const end = await counts();
    const emuEnd = await emu.stats(true);
    const growth = heapEnd - base;
    const total = results.map((r) => r.connect + r.turn + r.close);
    const row = (name: string, xs: number[]) =>
      `| ${name} | ${f(pct(xs, 50))} | ${f(pct(xs, 95))} | ${f(Math.max(...xs))} | ${f(xs.reduce((a, b) => a + b, 0) / xs.length)} |`;
    const errors = results.reduce((n, r) => n + r.errors, 0);
    const udp = (st: { resources: Record<string, number> }) => st.resources.UDPWRAP ?? 0;
    const transport = kind === 'webrtc' ? 'webrtcTransport' : 'websocketTransport';
    return [
      `### over ${kind === 'webrtc' ? 'WebRTC' : 'WebSocket'} (\`${transport}({ clientSecret })\`)`,
      '',
      `${CYCLES} cycles after ${WARMUP} unmeasured warm-up cycles, in a fresh page; ${failures} failed, ${errors} \`error\` events; ${wall.toFixed(0)} s.${kind === 'websocket' ? ' In a browser this transport opens the microphone (AudioWorklet capture) and its own AudioWorklet player per session.' : ''}`,
      '',
      '| per cycle (ms) | p50 | p95 | max | mean |',
      '|---|---:|---:|---:|---:|',
      row(
        'connect (`runner.session` → ready)',
        results.map((r) => r.connect),
      ),
      row(
        'turn (`sendText` → `agent_end`)',
        results.map((r) => r.turn),
      ),
      row(
        'close (`session.close()`)',
        results.map((r) => r.close),
      ),
      row('**whole cycle**', total),
      '',
      '| page | value |',
      '|---|---|',
      `| JS heap at load → after warm-up → after ${CYCLES} cycles (+2 s) | ${mb(heapStart)} → ${mb(base)} → ${mb(heapEnd)} (**${mbDelta(growth)}**) |`,
      `| heap every 20 cycles (Δ from warm-up) | ${samples.map((x) => mbDelta(x - base)).join(' · ')} |`,
      `| RTCPeerConnections created / not closed / not yet collected | ${end.peersCreated} / **${end.peersOpen}** / ${end.peersUncollected} |`,
      `| AudioContexts created / not closed / running | ${end.contextsCreated} / ${end.contextsNotClosed} / **${end.contextsRunning}** |`,
      `| microphone tracks still live | **${end.tracksLive}** |`,
      `| \`<audio>\` elements in the document | ${end.audioElements} |`,
      `| emulator: live sessions before → after (+2 s) | ${emuStart.sessions.length} → ${emuEnd.sessions.length} |`,
      `| emulator: UDP sockets (werift ICE) before → after | ${udp(emuStart)} → ${udp(emuEnd)} |`,
      `| emulator: active resources after | ${fmt(emuEnd.resources)} |`,
      '',
      '| target | result |',
      '|---|---|',
      `| page heap growth < 5 MB | ${mbDelta(growth)} — ${ok(growth < TARGET_BYTES)} |`,
      `| no leaked peer connections | ${end.peersOpen} not closed — ${ok(end.peersOpen === 0)} |`,
      `| no AudioContexts or microphone tracks left running | ${end.contextsRunning} contexts, ${end.tracksLive} tracks — ${ok(end.contextsRunning === 0 && end.tracksLive === 0)} |`,
      `| no sessions / calls left open in the emulator | ${emuEnd.sessions.length} sessions, ${udp(emuEnd)} UDP sockets — ${ok(emuEnd.sessions.length === 0 && udp(emuEnd) <= udp(emuStart))} |`,
      `| every cycle completed | ${failures} failed — ${ok(failures === 0)} |`,
    ];
  } finally {
    await page.close();
  }
}

export default async function main(): Promise<string> {
  const kinds = (process.env.SOAK_KINDS ?? 'webrtc,websocket').split(',') as Kind[];
  const emu = await startEmulatorWorker({ name: 'soak-webrtc' });
  const { url, server } = await serve();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(),
    headless: true,
  });
  try {
    const parts: string[] = [];
    for (const kind of kinds) parts.push('', ...(await soak(browser, emu, url, kind)));
    return [
      `## WebRTC and WebSocket: soak — ${CYCLES} connect → turn → close cycles in Chromium`,
      '',
      `Source: \`packages/webrtc/bench/soak.bench.ts\` (page: \`soak-page.ts\`). Headless Chromium ${browser.version()} (fake microphone, flags of \`scripts/chromium.mjs\`) against the emulator on loopback (in a worker thread). Each cycle mints an \`ek_\` key, then \`new RealtimeRunner({ transport }).session(agent)\` → \`sendText\` → wait for \`agent_end\` → \`session.close()\`, one after another in one page; every 4th turn calls the agent's \`get_weather\` tool. Heap = the page's \`Runtime.getHeapUsage\` used size after two CDP \`HeapProfiler.collectGarbage\`. Peer connections, AudioContexts and getUserMedia tracks are counted through wrapped constructors holding weak references (counting keeps nothing alive).`,
      ...parts,
    ].join('\n');
  } finally {
    await browser.close();
    server.close();
    await emu.close();
  }
}
