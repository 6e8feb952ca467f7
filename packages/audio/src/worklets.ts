/**
 * Loading the AudioWorklet modules. By default they load from static files next to this module
 * (`capture.worklet.js`, `player.worklet.js` in `dist/`, the `.ts` sources under Vite), which works
 * under a strict CSP (`script-src 'self'`). If that fails (file not copied by a bundler, wrong MIME
 * type), the processors are registered from a blob URL built from their own source. Where
 * `AudioWorklet` is missing altogether, `audioworklet-polyfill` is imported lazily first.
 * @module
 */
import { AudioError } from './errors.js';

/** The worklet modules of this package. */
export type WorkletName = 'capture' | 'player';

/** How a worklet module was loaded into a context. */
export type WorkletSource = 'url' | 'blob' | 'polyfill';

// From source (Vite, vitest) this module is `worklets.ts` and the `.ts` worklets are served
// transformed; from `dist/` it is `worklets.js` and tsc emitted the `.js` worklets beside it.
// The `.js` URLs are literals so bundlers that understand `new URL(…, import.meta.url)` copy them.
const fromSource = /\.ts(\?|#|$)/.test(import.meta.url);

function defaultUrl(name: WorkletName): URL {
  if (fromSource) return new URL(`./${name}.worklet` + '.ts', import.meta.url);
  return name === 'capture'
    ? new URL('./capture.worklet.js', import.meta.url)
    : new URL('./player.worklet.js', import.meta.url);
}

const overrides: Partial<Record<WorkletName, string | URL>> = {};
let blobFallbackAllowed = true;

/**
 * Where the worklet modules are loaded from, and whether a blob fallback is allowed. Call before
 * creating captures or players, e.g. when your bundler puts the files elsewhere or your CSP forbids
 * `blob:` URLs.
 * @example
 * configureWorklets({ capture: '/static/capture.worklet.js', player: '/static/player.worklet.js', blobFallback: false });
 */
export function configureWorklets(options: {
  capture?: string | URL;
  player?: string | URL;
  /** Fall back to a blob URL when the static file fails to load. @default true */
  blobFallback?: boolean;
}): void {
  if (options.capture !== undefined) overrides.capture = options.capture;
  if (options.player !== undefined) overrides.player = options.player;
  if (options.blobFallback !== undefined) blobFallbackAllowed = options.blobFallback;
}

/**
 * The URL a worklet module loads from (the override from {@link configureWorklets}, else the static
 * file next to this package's code). Serve it with a JavaScript MIME type.
 * @example
 * await ctx.audioWorklet.addModule(workletUrl('capture'));
 */
export function workletUrl(name: WorkletName): string {
  return String(overrides[name] ?? defaultUrl(name));
}

/** The fallback's source, imported only when the static file failed (most apps never load it). */
async function blobSource(name: WorkletName): Promise<string> {
  const fn =
    name === 'capture'
      ? (await import('./capture.worklet.js')).registerCaptureProcessor
      : (await import('./player.worklet.js')).registerPlayerProcessor;
  // `__name` covers bundlers that wrap functions with a keep-names helper.
  return `const __name = (t) => t;\n(${fn.toString()})();\n`;
}

const loaded = new WeakMap<BaseAudioContext, Map<WorkletName, Promise<WorkletSource>>>();
let polyfill: Promise<void> | undefined;

async function ensureAudioWorklet(context: BaseAudioContext): Promise<boolean> {
  if ('audioWorklet' in context && context.audioWorklet) return false;
  polyfill ??= import('audioworklet-polyfill').then(
    () => undefined,
    (cause) => {
      throw new AudioError(
        'unsupported',
        'This browser has no AudioWorklet and the audioworklet-polyfill could not be loaded; use a current browser.',
        { cause },
      );
    },
  );
  await polyfill;
  if (!('audioWorklet' in context) || !context.audioWorklet) {
    throw new AudioError(
      'unsupported',
      'This browser has no AudioWorklet (even with the polyfill); use a current browser.',
    );
  }
  return true;
}

async function load(context: BaseAudioContext, name: WorkletName): Promise<WorkletSource> {
  if (context.state === 'closed') {
    throw new AudioError(
      'context_closed',
      'The AudioContext is closed; create a new one (or let the kit create it).',
    );
  }
  const polyfilled = await ensureAudioWorklet(context);
  const url = workletUrl(name);
  try {
    await context.audioWorklet.addModule(url);
    return polyfilled ? 'polyfill' : 'url';
  } catch (first) {
    if (!blobFallbackAllowed) {
      throw new AudioError(
        'worklet_load_failed',
        `Could not load the ${name} worklet from ${url}; serve that file (JavaScript MIME type) or point configureWorklets() at it.`,
        { cause: first },
      );
    }
    const blobUrl = URL.createObjectURL(new Blob([await blobSource(name)], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(blobUrl);
      return 'blob';
    } catch (second) {
      throw new AudioError(
        'worklet_load_failed',
        `Could not load the ${name} worklet from ${url} nor from a blob URL (a CSP without blob: in script-src?). ` +
          'Serve the worklet file and call configureWorklets({ ' +
          name +
          ": '/path/to/" +
          name +
          ".worklet.js' }).",
        { cause: second },
      );
    } finally {
      URL.revokeObjectURL(blobUrl);
    }
  }
}

/**
 * Load a worklet module into a context once (later calls share the first load).
 * Resolves with how it was loaded: `'url'` (static file), `'blob'` (fallback) or `'polyfill'`.
 * @example
 * const how = await loadWorklet(ctx, 'player'); // 'url'
 */
export function loadWorklet(context: BaseAudioContext, name: WorkletName): Promise<WorkletSource> {
  let perContext = loaded.get(context);
  if (!perContext) {
    perContext = new Map();
    loaded.set(context, perContext);
  }
  let p = perContext.get(name);
  if (!p) {
    p = load(context, name);
    perContext.set(name, p);
    p.catch(() => perContext.delete(name));
  }
  return p;
}
