// Measures a code-split esbuild build as a browser loads it: what the entry needs before it runs
// (itself and the chunks it imports statically, transitively) and what loads only on demand.
// Shared by the bundle-size tests and the bundle bench, so they agree on what "up front" means
// and build the kit the same way.
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * How the size tests build an app: minified browser ESM with zod left out (the user's schema
 * library is the user's choice), from the packages' sources. Add the entry and, for code
 * splitting, `splitting`, `outdir` and `metafile`.
 */
export const KIT_BUILD = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['source'],
  external: ['zod', 'zod/*'],
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
};

/** gzip -9 bytes of one output file. */
export const gzipBytes = (contents) => gzipSync(contents, { level: 9 }).length;

/**
 * Output paths (metafile keys) the entry loads before running. `entry` ends the entry's input path
 * (e.g. the stdin `sourcefile`): chunks loaded on demand have an `entryPoint` too, so the first
 * output with one is not necessarily the app.
 */
export function upfrontOutputs(metafile, entry) {
  const outputs = metafile.outputs;
  const start = Object.entries(outputs).find(([, o]) => o.entryPoint?.endsWith(entry));
  if (!start) {
    const have = Object.values(outputs).flatMap((o) => (o.entryPoint ? [o.entryPoint] : []));
    throw new Error(
      `bundle-split: no output has an entry point ending in '${entry}' (have: ${have.join(', ')})`,
    );
  }
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path) || !outputs[path]) return;
    seen.add(path);
    for (const i of outputs[path].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(start[0]);
  return seen;
}

/**
 * gzip -9 bytes up front and on demand, with the inputs of the up-front files. The build must have
 * `metafile: true, write: false, splitting: true`; `absWorkingDir` as given to esbuild (metafile
 * paths are relative to it).
 */
export function measureSplit(result, entry, absWorkingDir = process.cwd()) {
  const meta = result.metafile;
  const first = upfrontOutputs(meta, entry);
  const byPath = new Map(Object.keys(meta.outputs).map((k) => [resolve(absWorkingDir, k), k]));
  const split = { upfront: 0, upfrontFiles: first.size, lazy: 0, lazyFiles: 0, upfrontInputs: [] };
  for (const file of result.outputFiles) {
    const key = byPath.get(file.path);
    if (!key) continue;
    const gz = gzipBytes(file.contents);
    if (first.has(key)) {
      split.upfront += gz;
      split.upfrontInputs.push(...Object.keys(meta.outputs[key].inputs));
    } else {
      split.lazy += gz;
      split.lazyFiles += 1;
    }
  }
  return split;
}
