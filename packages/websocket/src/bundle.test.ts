// Browser bundle guard: an app importing websocketTransport pulls in neither `ws` nor Node built-ins,
// and the browser audio code stays in a lazily loaded chunk.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('browser bundle: no ws, no node: imports; audio loads lazily; entry chunk ≤ 10 KB gzipped', async () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const result = await build({
    stdin: {
      contents: `import { websocketTransport } from './index.ts'; console.log(websocketTransport({ clientSecret: 'ek_x' }));`,
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    minify: true,
    splitting: true,
    write: false,
    outdir: '/tmp/websocket-bundle-test',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((i) => /node_modules\/(\.pnpm\/)?ws[@/]/.test(i))).toEqual([]);
  expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)!;
  const entryInputs = Object.keys(entry[1].inputs);
  expect(entryInputs.some((i) => i.includes('audio/src/player.ts'))).toBe(false);
  expect(entryInputs.some((i) => i.includes('audio/src/capture.ts'))).toBe(false);
  const entryFile = result.outputFiles.find((f) => f.path.endsWith(entry[0].split('/').pop()!))!;
  const gz = gzipSync(entryFile.contents, { level: 9 }).length;
  console.log(`entry chunk ${entryFile.contents.length} B, ${gz} B gzipped`);
  expect(gz).toBeLessThanOrEqual(10 * 1024);
});
