/**
 * espeak-ng (wasm, GPL-3.0, an optional dependency of the emulator only) as a text → PCM16 24 kHz
 * function. Each call runs the espeak CLI in a fresh wasm instance writing `out.wav` to its in-memory
 * FS (≈ 150 ms for a sentence); the compiled wasm module is shared between calls.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resample } from '../audio/formats.js';
import { readWav } from './wav.js';

// The package builds with lib ES2023 only (no DOM), which has no WebAssembly typings.
declare namespace WebAssembly {
  type Module = object;
  type Instance = object;
  type Imports = object;
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(module: Module, imports: Imports): Promise<Instance>;
}

type EspeakFactory = (
  options: Record<string, unknown>,
) => Promise<{ FS: { readFile(path: string): Uint8Array } }>;

let loading: Promise<{ factory: EspeakFactory; module: WebAssembly.Module } | null> | undefined;

async function load(): Promise<{ factory: EspeakFactory; module: WebAssembly.Module } | null> {
  try {
    const specifier = 'espeak-ng';
    const mod = (await import(/* @vite-ignore */ specifier)) as { default: EspeakFactory };
    const require = createRequire(import.meta.url);
    const jsPath = require.resolve(specifier);
    const wasm = await WebAssembly.compile(readFileSync(jsPath.replace(/\.js$/, '.wasm')));
    return { factory: mod.default, module: wasm };
  } catch {
    return null;
  }
}

/** True when the optional espeak-ng package can be loaded. */
export async function espeakAvailable(): Promise<boolean> {
  loading ??= load();
  return (await loading) !== null;
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
  loading ??= load();
  const loaded = await loading;
  if (!loaded) return null;
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
  const instance = await loaded.factory({
    arguments: args,
    print() {},
    printErr() {},
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      void WebAssembly.instantiate(loaded.module, imports).then(done);
      return {};
    },
  });
  const wav = readWav(instance.FS.readFile('out.wav'));
  return resample(wav.samples, wav.sampleRate, 24000);
}
