/**
 * Bench: browser bundle of a small voice-agent app — `RealtimeAgent, RealtimeRunner, tool` +
 * `webrtcTransport` with one zod tool — esbuild (bundle, minify, browser, ESM) + gzip -9, printed
 * beside the same app on @openai/agents-realtime (`RealtimeAgent, RealtimeSession, tool`, WebRTC).
 * Target: ours ≤ 25 KB gzipped. Ours is built from source (`source` condition); the AudioWorklet
 * modules load as separate files at runtime and are listed apart.
 * @module
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { measureSplit, type Split } from '../../../scripts/bundle-split.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = findUp(here, 'packages/webrtc');
const repoDir = join(pkgDir, '..', '..');
const LIMIT = 25 * 1024;

function findUp(from: string, suffix: string): string {
  let dir = from;
  while (!dir.endsWith(suffix)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`bundle.bench: no ${suffix} above ${from}`);
    dir = up;
  }
  return dir;
}

/** The app's one tool; `parameters` is a schema expression, `extra` more tool options (e.g. `jsonSchema`). */
const toolWith = (parameters: string, extra = '') => `
const parameters = ${parameters};
const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters,${extra}
  execute: async ({ city }) => \`Sunny in \${city}, 72F\`,
});
const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'You are a helpful voice assistant.', tools: [getWeather] });
const clientSecret = () => fetch('/session').then((r) => r.json()).then((j) => j.value);`;
const tool = (zod: string) => toolWith(`${zod}.object({ city: ${zod}.string() })`);

const APP = (schemaImports: string, toolCode: string) => `${schemaImports}
import { RealtimeAgent, RealtimeRunner, tool } from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';
${toolCode}
const runner = new RealtimeRunner({ transport: webrtcTransport({ clientSecret }) });
export const start = () => runner.session(agent);`;
/** zod/mini cannot convert itself: the app passes its JSON Schema (`z.toJSONSchema`), as tool() asks. */
const OURS_MINI = APP(
  "import * as z from 'zod/mini';",
  toolWith('z.object({ city: z.string() })', '\n  jsonSchema: z.toJSONSchema(parameters),'),
);
/** Valibot through Standard Schema, with its official JSON Schema converter. */
const OURS_VALIBOT = APP(
  "import * as v from 'valibot';\nimport { toStandardJsonSchema } from '@valibot/to-json-schema';",
  toolWith('toStandardJsonSchema(v.object({ city: v.string() }))'),
);

const OURS = (zodImport: string, zod: string) => APP(zodImport, tool(zod));

const THEIRS = `import { z } from 'zod';
import { RealtimeAgent, RealtimeSession, tool } from '@openai/agents-realtime';
${tool('z')}
export async function start() {
  const session = new RealtimeSession(agent, { transport: 'webrtc' });
  await session.connect({ apiKey: await clientSecret() });
  return session;
}`;

interface Measured {
  minified: number;
  gzip: number;
  metafile: Metafile;
}

async function measure(
  name: string,
  contents: string,
  conditions: string[],
  external: string[] = [],
): Promise<Measured> {
  const result = await build({
    stdin: { contents, resolveDir: pkgDir, loader: 'ts', sourcefile: `${name}-app.ts` },
    absWorkingDir: repoDir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions,
    external,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0]!;
  return {
    minified: out.contents.byteLength,
    gzip: gzipSync(out.contents, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
}

/** The same app built with `splitting: true` (as Vite and esbuild apps usually are), gzip -9 per file. */
async function buildSplit(contents: string, conditions: string[], external: string[]): Promise<Split> {
  const outdir = join(repoDir, 'node_modules', '.bench', 'webrtc-bundle-split');
  const result = await build({
    stdin: { contents, resolveDir: pkgDir, loader: 'ts', sourcefile: 'split-app.ts' },
    absWorkingDir: repoDir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir,
    conditions,
    external,
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return measureSplit(result, 'split-app.ts', repoDir);
}

/** Minified bytes per source package (before gzip). */
function byPackage(m: Measured): Array<[string, number]> {
  const output = Object.values(m.metafile.outputs)[0]!;
  const sums = new Map<string, number>();
  for (const [path, v] of Object.entries(output.inputs)) {
    if (!v.bytesInOutput) continue;
    const ws = /^packages\/([^/]+)\//.exec(path);
    const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = ws ? `@realtime-agents/${ws[1]}` : dep ? dep[1]! : '(app)';
    sums.set(key, (sums.get(key) ?? 0) + v.bytesInOutput);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

async function workletFiles(): Promise<number> {
  let total = 0;
  for (const name of ['capture', 'player']) {
    const r = await build({
      entryPoints: [join(repoDir, 'packages', 'audio', 'src', `${name}.worklet.ts`)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    total += gzipSync(r.outputFiles[0]!.contents, { level: 9 }).byteLength;
  }
  return total;
}

const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export default async function main(): Promise<string> {
  const ours = await measure('ours', OURS("import { z } from 'zod';", 'z'), ['source']);
  const oursStar = await measure('ours-star', OURS("import * as z from 'zod';", 'z'), ['source']);
  const oursMini = await measure('ours-mini', OURS_MINI, ['source']);
  const oursValibot = await measure('ours-valibot', OURS_VALIBOT, ['source']);
  const oursNoZod = await measure(
    'ours-nozod',
    OURS("import { z } from 'zod';", 'z'),
    ['source'],
    ['zod', 'zod/*'],
  );
  const split = await buildSplit(OURS("import { z } from 'zod';", 'z'), ['source'], ['zod', 'zod/*']);
  const theirs = await measure('theirs', THEIRS, []);
  const theirsNoZod = await measure('theirs-nozod', THEIRS, [], ['zod', 'zod/*']);
  const worklets = await workletFiles();
  const verdict = ours.gzip <= LIMIT ? 'within' : '**over**';
  const parts = byPackage(ours)
    .map(([k, v]) => `${k} ${KB(v)}`)
    .join(', ');
  return [
    '## WebRTC: browser bundle of a voice-agent app',
    '',
    'esbuild `bundle, minify, platform: browser, format: esm, target: es2022` + gzip -9 of a small app: imports ' +
      '`RealtimeAgent, RealtimeRunner, tool` and `webrtcTransport`, defines one zod tool (`get_weather`) and an agent, ' +
      'and exports `start()` that opens the session. Theirs: the same app on `@openai/agents-realtime` 0.20.0 ' +
      "(`RealtimeAgent, RealtimeSession, tool`, `transport: 'webrtc'`).",
    '',
    '| app | minified | gzip -9 |',
    '|---|---:|---:|',
    `| **ours**, tool schema with \`import { z } from 'zod'\` (the design card's program) | ${KB(ours.minified)} | **${KB(ours.gzip)}** |`,
    `| ours, tool schema with \`import * as z from 'zod'\` | ${KB(oursStar.minified)} | ${KB(oursStar.gzip)} |`,
    `| ours, tool schema with \`zod/mini\` (+ \`jsonSchema: z.toJSONSchema(parameters)\`) | ${KB(oursMini.minified)} | ${KB(oursMini.gzip)} |`,
    `| ours, tool schema with valibot (+ \`toStandardJsonSchema\` from \`@valibot/to-json-schema\`; core's own option checks still use zod/mini) | ${KB(oursValibot.minified)} | ${KB(oursValibot.gzip)} |`,
    `| ours without zod (zod external, to split the total) | ${KB(oursNoZod.minified)} | ${KB(oursNoZod.gzip)} |`,
    `| theirs, \`@openai/agents-realtime\` | ${KB(theirs.minified)} | **${KB(theirs.gzip)}** |`,
    `| theirs without zod (zod external) | ${KB(theirsNoZod.minified)} | ${KB(theirsNoZod.gzip)} |`,
    '',
    `**The kit's own bytes, code-split** (zod external, \`splitting: true\` as Vite or esbuild apps build): ` +
      `**${KB(split.upfront)}** gzipped load up front (entry + ${split.upfrontFiles - 1} chunk(s) it imports), ` +
      `${KB(split.lazy)} in ${split.lazyFiles} chunks loaded later: as a call starts, in parallel with its key ` +
      'fetch and handshake (the microphone opener, the assistant-audio tap, the reconnector), or only when used (the PCM16 injector and ' +
      "its player on the first `sendAudio`, G.711, `updateHistory`'s planner, the AudioWorklet polyfill, the " +
      "worklets' blob-fallback source).",
    '',
    '| target | result |',
    '|---|---|',
    `| the kit's own bytes ≤ 20 KB gzipped (up front, code-split) | ${KB(split.upfront)} — ${split.upfront <= 20 * 1024 ? '✅ met' : '❌ missed'} |`,
    `| ≥ 10× smaller than theirs, both without zod | ${(theirsNoZod.gzip / split.upfront).toFixed(1)}× (theirs ${KB(theirsNoZod.gzip)} / ours up front), ` +
      `${(theirsNoZod.gzip / oursNoZod.gzip).toFixed(1)}× against ours in one file — ${theirsNoZod.gzip >= 10 * split.upfront ? '✅ met' : '❌ missed'} |`,
    '',
    `Target ≤ ${KB(LIMIT)} gzipped: ours is ${verdict} it (${KB(ours.gzip)}); theirs is ${(theirs.gzip / ours.gzip).toFixed(1)}× ours.`,
    '',
    `Minified bytes by package (ours, zod classic): ${parts}.`,
    '',
    `Not in the bundle: the two AudioWorklet modules, loaded as separate files on first audio use (${KB(worklets)} gzipped together).`,
  ].join('\n');
}
