// The emulator for benches, built from its TypeScript source into packages/emulator/node_modules/.bench/
// (split build, so its lazy `import('./webrtc/index.js')` finds that module beside it, and its npm
// dependencies — werift, ws, opusscript, espeak-ng — resolve from the emulator package as published).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';

// bench.mjs bundles this file into the bench, so import.meta.url is not here then; it passes BENCH_REPO
const root = process.env.BENCH_REPO ?? join(dirname(fileURLToPath(import.meta.url)), '..');

/** Build the emulator from source (once per name) and return the file URL of its entry module. */
export async function buildEmulator(name = 'emulator') {
  const src = join(root, 'packages', 'emulator', 'src');
  const outdir = join(root, 'packages', 'emulator', 'node_modules', '.bench', name);
  await build({
    entryPoints: { index: join(src, 'index.ts'), 'webrtc/index': join(src, 'webrtc', 'index.ts') },
    outdir,
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);",
    },
    // npm packages stay external imports; the bundle sits under the emulator's node_modules, so they resolve there
    plugins: [
      {
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.kind === 'entry-point' || a.path.startsWith('@realtime-agents/')
              ? undefined
              : { path: a.path, external: true },
          );
        },
      },
    ],
  });
  return pathToFileURL(join(outdir, 'index.js')).href;
}

/** Build and import the emulator module (`startEmulator`, `createSynthesizer`, …). */
export async function importEmulator(name) {
  return import(await buildEmulator(name));
}

// The emulator's thread: starts it, answers stats / drop / say / close messages.
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
(async () => {
  const { startEmulator } = await import(workerData.url);
  let said = '';
  const options = { port: 0, ...workerData.options };
  if (workerData.transcribeSaid) options.transcriber = { transcribe: () => said };
  const emu = await startEmulator(options);
  const count = () => {
    const byType = {};
    for (const t of process.getActiveResourcesInfo()) byType[t] = (byType[t] ?? 0) + 1;
    return byType;
  };
  parentPort.on('message', async (m) => {
    let reply;
    if (m.type === 'stats') {
      if (m.gc && globalThis.gc) { gc(); gc(); }
      const mem = process.memoryUsage();
      reply = { sessions: [...emu.sessions.keys()], resources: count(), heap: mem.heapUsed };
    } else if (m.type === 'drop') {
      const s = emu.sessions.get(m.sessionId);
      if (s) s.drop();
      reply = { dropped: !!s };
    } else if (m.type === 'say') {
      said = m.text;
      reply = {};
    } else if (m.type === 'close') {
      await emu.close();
      reply = {};
    }
    parentPort.postMessage({ id: m.id, reply });
  });
  parentPort.postMessage({ ready: { baseUrl: emu.baseUrl, wsUrl: emu.wsUrl } });
})().catch((e) => parentPort.postMessage({ failed: String(e && e.stack || e) }));
`;

/**
 * The emulator in a worker thread, so its heap and handles are not counted with the client's.
 * `transcribeSaid`: user audio is "transcribed" as the text last passed to `say()` (the bench knows
 * what it speaks; the emulator has no ASR).
 */
export async function startEmulatorWorker({ name = 'emulator', options = {}, transcribeSaid = false } = {}) {
  const url = await buildEmulator(name);
  const file = new URL('./worker.mjs', url);
  writeFileSync(file, WORKER);
  // not the parent's execArgv: bench.mjs runs benches with --input-type=module (--expose-gc is process-wide)
  const worker = new Worker(file, { execArgv: [], workerData: { url, options, transcribeSaid } });
  let next = 0;
  const waiting = new Map();
  const ready = await new Promise((resolve, reject) => {
    worker.on('message', (m) => {
      if (m.ready) resolve(m.ready);
      else if (m.failed) reject(new Error(m.failed));
      else {
        waiting.get(m.id)?.(m.reply);
        waiting.delete(m.id);
      }
    });
    worker.once('error', reject);
  });
  const ask = (type, extra = {}) =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      worker.postMessage({ ...extra, type, id });
    });
  return {
    ...ready,
    stats: (gc = false) => ask('stats', { gc }),
    drop: (sessionId) => ask('drop', { sessionId }).then((r) => r.dropped),
    say: (text) => ask('say', { text }),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}
