/**
 * espeak-ng (wasm, GPL-3.0, an optional dependency of the emulator only) as a text → PCM16 24 kHz
 * function. Synthesis runs in a worker thread (≈ 150 ms of CPU per sentence must not stall the
 * sessions' event loop): each request runs the espeak CLI in a fresh wasm instance writing
 * `out.wav` to its in-memory FS; the compiled wasm module is reused.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resample } from '../audio/formats.js';
import { readWav } from './wav.js';

// Plain CommonJS so it runs from source (tests) and from dist alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const factory = import(workerData.jsUrl).then((m) => m.default);
const compiled = WebAssembly.compile(readFileSync(workerData.wasmPath));
parentPort.on('message', async ({ id, args }) => {
  try {
    const [make, mod] = await Promise.all([factory, compiled]);
    const instance = await make({
      arguments: args, print() {}, printErr() {},
      instantiateWasm(imports, done) { WebAssembly.instantiate(mod, imports).then(done); return {}; },
    });
    const bytes = instance.FS.readFile('out.wav').slice();
    parentPort.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

let worker: Worker | null | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function startWorker(): Worker | null {
  try {
    const require = createRequire(import.meta.url);
    const jsPath = require.resolve('espeak-ng');
    const wasmPath = jsPath.replace(/\.js$/, '.wasm');
    if (!existsSync(wasmPath)) return null;
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { jsUrl: pathToFileURL(jsPath).href, wasmPath },
    });
    w.unref();
    w.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!pending.size) w.unref();
      if (m.bytes) p?.resolve(m.bytes);
      else p?.reject(new Error(`espeak-ng failed: ${m.error}`));
    });
    w.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      worker = null;
    });
    return w;
  } catch {
    return null;
  }
}

function run(args: string[]): Promise<Uint8Array> {
  worker ??= startWorker();
  const w = worker;
  if (!w) return Promise.reject(new Error('espeak-ng is not installed'));
  const id = nextId++;
  w.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, args });
  });
}

/** True when the optional espeak-ng package can be loaded. */
export async function espeakAvailable(): Promise<boolean> {
  worker ??= startWorker();
  return worker !== null;
}

/** Options of {@link espeakSpeech}. */
export interface EspeakOptions {
  /** espeak voice (language). @default 'en-us' */
  voice?: string;
  /** Pitch 0–99. @default 50 */
  pitch?: number;
  /** Speed factor (1 = 175 words per minute). @default 1 */
  speed?: number;
}

/**
 * Speak `text` with espeak-ng; resolves PCM16 mono 24 kHz, or null when espeak-ng is not installed.
 * @example const pcm = await espeakSpeech('Hello there'); // Int16Array at 24 kHz
 */
export async function espeakSpeech(text: string, options: EspeakOptions = {}): Promise<Int16Array | null> {
  worker ??= startWorker();
  if (!worker) return null;
  const args = [
    '-w',
    'out.wav',
    '-v',
    options.voice ?? 'en-us',
    '-p',
    String(Math.round(options.pitch ?? 50)),
    '-s',
    String(Math.round(175 * (options.speed ?? 1))),
    // A leading dash would be read as an option.
    text.replace(/^-+/, ''),
  ];
  const wav = readWav(await run(args));
  return resample(wav.samples, wav.sampleRate, 24000);
}
