/**
 * Bench: click → ready → first assistant audio played, over WebRTC in headless Chromium against the
 * local emulator — ours vs @openai/agents-realtime in the same run, alternating rounds (and which
 * goes first). The clock starts before the client secret is fetched, as on a real click; after ready
 * each sends "hello" and waits for the first non-silent sample on the remote track. Prints a markdown
 * section (medians, min–max, ratios). Env: CLICK_AUDIO_BENCH_RUNS (default 15).
 * @module
 */
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { pct, pkgDir, serve, startEmulator } from './connect.bench.js';

const RUNS = Number(process.env.CLICK_AUDIO_BENCH_RUNS ?? 15);
const log = (...a: unknown[]) => console.error('[webrtc click-audio]', ...a);
const f0 = (x: number) => x.toFixed(0);

type Impl = 'ours' | 'oursPrepared' | 'theirs';
const IMPLS: Impl[] = ['ours', 'oursPrepared', 'theirs'];
/** Must match click-audio-page.ts. */
const IDLE_BEFORE_CLICK_MS = 300;
type ClickRun = { connected: number; ready: number; firstAudio: number; prepareMs?: number };
const STAGES = ['connected', 'ready', 'firstAudio'] as const;

/**
 * The page, code-split as an app's bundler would build it: the chunks the kit loads as a call
 * starts (microphone opener, tap, reconnector) are fetched from the page's server, so their
 * loading is part of what is measured.
 */
async function pageBundle(): Promise<Record<string, string>> {
  const outdir = join(pkgDir, 'node_modules', '.bench', 'click-audio-page');
  const result = await build({
    entryPoints: { page: join(pkgDir, 'bench', 'click-audio-page.ts') },
    absWorkingDir: pkgDir,
    bundle: true,
    splitting: true,
    outdir,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    write: false,
    logLevel: 'warning',
  });
  return Object.fromEntries(result.outputFiles.map((f) => [`/${relative(outdir, f.path)}`, f.text]));
}

export default async function main(): Promise<string> {
  const emu = await startEmulator();
  const { url, server } = await serve(await pageBundle());
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(),
    headless: true,
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => log('page error', e.message));
    await page.goto(url);
    await page.waitForFunction(() => 'bench' in window);
    const once = (impl: Impl) =>
      page.evaluate(
        async ([i, base]) =>
          (window as unknown as { bench: Record<string, (b: string) => Promise<ClickRun>> }).bench[i]!(base),
        [impl, emu.baseUrl] as const,
      );
    const settle = () => page.waitForTimeout(150);
    for (const impl of IMPLS) {
      await once(impl);
      await settle();
    }
    const runs: Record<Impl, ClickRun[]> = { ours: [], oursPrepared: [], theirs: [] };
    for (let i = 0; i < RUNS; i++) {
      // rotate which goes first, so no implementation always runs right after another
      const order = IMPLS.map((_, k) => IMPLS[(i + k) % IMPLS.length]!);
      for (const impl of order) {
        runs[impl].push(await once(impl));
        await settle();
      }
      log(
        `round ${i + 1}/${RUNS}: ready ours ${f0(runs.ours.at(-1)!.ready)} ms, prepared ${f0(runs.oursPrepared.at(-1)!.ready)} ms, theirs ${f0(runs.theirs.at(-1)!.ready)} ms`,
      );
    }
    const col = (impl: Impl, k: (typeof STAGES)[number]) => runs[impl].map((r) => r[k]);
    const cell = (xs: number[]) =>
      xs.some(Number.isNaN)
        ? 'before the click'
        : `${f0(pct(xs, 50))} (${f0(Math.min(...xs))}–${f0(Math.max(...xs))})`;
    const med = (impl: Impl, k: (typeof STAGES)[number]) => pct(col(impl, k), 50);
    const ratio = (impl: Impl, k: (typeof STAGES)[number]) =>
      Number.isNaN(med(impl, k)) ? '—' : `${(med(impl, k) / med('theirs', k)).toFixed(2)}×`;
    const prepareMs = runs.oursPrepared.map((r) => r.prepareMs!);
    const readyRatioPrepared = med('oursPrepared', 'ready') / med('theirs', 'ready');
    const readyRatio = med('ours', 'ready') / med('theirs', 'ready');
    const verdict = (ok: boolean) => (ok ? '✅ met' : '❌ missed');
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${f0(Math.abs(x))}`;
    const spread = (impl: Impl) => `${f0(pct(col(impl, 'ready'), 10))}–${f0(pct(col(impl, 'ready'), 90))}`;
    return [
      '## WebRTC: click → ready → first audio (ours vs @openai/agents-realtime)',
      '',
      `Headless Chromium (${browser.version()}, fake microphone) against the local emulator on loopback; ` +
        `${RUNS} rounds (the order rotates each round) after one warm-up each (the load average in the line above is the shared 2-core machine's). ` +
        'The clock starts at the "click", before the client secret is fetched (both fetch it through a function). ' +
        '"Ready" = the connect promise resolved (both wait for `session.updated`); then each sends the text "hello" ' +
        'and "first audio" = the remote track\'s first non-silent sample played (inbound-rtp `totalAudioEnergy` > 0, polled every ~2 ms). ' +
        'With `prepare()`, everything up to the confirmed session config happens before the click and the clock starts at the click.',
      '',
      '| implementation | peer connected ms | ready ms | first audio ms |',
      '|---|---:|---:|---:|',
      `| ours: \`runner.session(agent)\` + \`sendText\` | ${STAGES.map((k) => cell(col('ours', k))).join(' | ')} |`,
      `| **ours with \`prepare()\`**: \`runner.prepare(agent)\` before the click, then \`runner.session(agent)\` + \`sendText\` | ${STAGES.map((k) => cell(col('oursPrepared', k))).join(' | ')} |`,
      `| @openai/agents-realtime: \`OpenAIRealtimeWebRTC.connect()\` + \`sendMessage\` | ${STAGES.map((k) => cell(col('theirs', k))).join(' | ')} |`,
      `| ratio ours/theirs (medians) | ${STAGES.map((k) => ratio('ours', k)).join(' | ')} |`,
      `| ratio ours with \`prepare()\`/theirs (medians) | ${STAGES.map((k) => ratio('oursPrepared', k)).join(' | ')} |`,
      '',
      `Cells: median (min–max). \`prepare()\` itself, before the click (key, peer connection, SDP, ICE/DTLS, data channel, \`session.update\` → \`session.updated\`): ${cell(prepareMs)} ms; the prepared call then idled ${IDLE_BEFORE_CLICK_MS} ms before the click.`,
      '',
      '| target | result |',
      '|---|---|',
      `| click → ready with \`prepare()\` ≤ 0.5× theirs | ${readyRatioPrepared.toFixed(2)}× — ${verdict(readyRatioPrepared <= 0.5)} |`,
      `| click → ready without \`prepare()\` no slower than theirs | ${readyRatio.toFixed(2)}× (${signed(med('ours', 'ready') - med('theirs', 'ready'))} ms at the median; 10th–90th percentiles ${spread('ours')} and ${spread('theirs')} ms) — ${verdict(readyRatio <= 1.0)} |`,
      '',
      'What is left after the click with `prepare()`: opening the microphone (`getUserMedia`, the fake device here) and putting its track on the ' +
        'already-negotiated sender (`replaceTrack`, no renegotiation); the server events that arrived while idle (`session.created`, `session.updated`) ' +
        'are replayed to the session, and no `session.update` is sent because the config confirmed before the click is the one asked for. ' +
        'First audio after ready is the same emulator turn for all three. The page is built code-split (esbuild `splitting: true`) and served from ' +
        'loopback, so the chunks the kit loads as a call starts (microphone opener, assistant-audio tap, reconnector) are fetched within the measured time.',
    ].join('\n');
  } finally {
    await browser.close();
    server.close();
    await emu.close();
  }
}

if (!process.env.BENCH_ENTRY && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((md) => process.stdout.write(`${md}\n`));
}
