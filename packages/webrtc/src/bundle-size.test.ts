// Bundle-size guard for a one-tool WebRTC app (RealtimeAgent, RealtimeRunner, tool, webrtcTransport;
// esbuild minify, gzip -9, zod external: the kit's own bytes). Ceilings are today's sizes plus a
// little headroom, so growth fails here and someone decides; lower them as cuts land. The figures
// beside theirs are in BENCHMARKS.md (webrtc-bundle).
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { gzipBytes, KIT_BUILD, measureSplit } from '../../../scripts/bundle-split.mjs';

const APP = `
import { z } from 'zod';
import { RealtimeAgent, RealtimeRunner, tool } from '@realtime-agents/core';
import { webrtcTransport } from './index.ts';
const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => \`Sunny in \${city}, 72F\`,
});
const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Be brief.', tools: [getWeather] });
const clientSecret = () => fetch('/session').then((r) => r.json()).then((j) => j.value);
const runner = new RealtimeRunner({ transport: webrtcTransport({ clientSecret }) });
export const start = () => runner.session(agent);`;

const APP_FILE = 'bundle-size-app.ts';
const KB = 1024;
/**
 * Up front with code splitting (the entry and the chunks it imports statically): 30,051 bytes today.
 * The issue's target is 20 KB; what remains is mostly core's session machinery (session, options,
 * parser, tools, redaction), the call (SDP, monitor, playback tracking) and its microphone path.
 * Raised from 32 KB for features users asked for (issue 16), each measured: the session
 * passthrough options (reasoning, truncation, prompt, tracing, include, providerData) +1.0 KB, sendMessage and approvals that stick +0.4 KB, isEnabled +0.4 KB.
 * Raised from 34 KB for `prepare()` (issue 15; 34,193 → 35,457 bytes, +1.26 KB), measured by
 * stubbing each piece out: `runner.prepare` and its config build 0.25 KB, the prepared-call state
 * machine (`preparation.ts`: idle timeout, idempotence, the stage-naming failure) 0.35 KB, the
 * call's adopt path (events queued while idle, config comparison, playback held until the click)
 * and the transport's `prepare`/`preparation` 0.65 KB. Not lazy: loading `prepare.js` on demand
 * made esbuild split the config code it shares into a third up-front chunk (+1.0 KB more), and the
 * adopt path is part of `connect` itself. The config in the call for standard keys (multipart
 * `session`, protocol §2.2) then added 0.13 KB. Then hosted MCP's share in agents, config and
 * approvals, historyStoreAudio, tool timeoutBehavior and the history mirror's root inserts +1.5 KB, typed
 * MCP history items +0.15 KB, the testing probe hook +0.05 KB.
 * Not up front: MCP event handling (bundled only with `hostedMcpTool`) and `updateHistory`'s edit
 * planner (a chunk loaded on first use).
 * Lowered from 36 KB by two chunks loaded as a call starts, in parallel with its network work:
 * the assistant-audio tap (tap, pipeline, resampler, worklets; awaited when the remote track
 * arrives) took 36,669 → 32,483 bytes, then +0.17 KB to mute an interrupted answer's tail; the
 * reconnector (loop, hold, re-seed; awaited at most 2 s after connect, or at a drop) took
 * 36,669 → 34,967 bytes on its own, +0.6 KB in one file (its loader and esbuild's lazy wrappers).
 * Together: 31,000 bytes up front, 43,147 in one file. Then the microphone's opener (media.ts),
 * loaded the same way and awaited when the call opens the microphone: 29,973 up front, 43,207 in one file;
 * the transport kit's shared prepared-link state machine then +78 (30,051) and +83 (43,290).
 */
const UPFRONT_CEILING = 30 * KB;
/** Everything in one file (an app built without code splitting): 43,290 bytes today. */
const SINGLE_FILE_CEILING = 43 * KB;
/**
 * Code an app that never calls `sendAudio` or `updateHistory`, asks for G.711, uses no hosted MCP
 * tool or lacks AudioWorklet must not load up front.
 */
const LAZY = [
  'core/src/history-edit.ts',
  'core/src/reconnector.ts',
  'core/src/reconnect-loop.ts',
  'core/src/reconnect-hold.ts',
  'core/src/reseed.ts',
  'core/src/continuity.ts',
  'core/src/mcp-events.ts',
  'audio/src/player.ts',
  'audio/src/injector.ts',
  'audio/src/g711.ts',
  'audio/src/capture.worklet.ts',
  'audio/src/player.worklet.ts',
  'audioworklet-polyfill',
  'audio/src/tap.ts',
  'audio/src/pipeline.ts',
  'audio/src/resampler.ts',
  'audio/src/worklets.ts',
  'audio/src/media.ts',
];

const here = fileURLToPath(new URL('.', import.meta.url));
const common: BuildOptions = {
  ...KIT_BUILD,
  stdin: { contents: APP, resolveDir: here, loader: 'ts', sourcefile: APP_FILE },
  metafile: true,
};

describe('bundle size of a one-tool WebRTC app (the kit without zod)', () => {
  it('code-split: up front under its ceiling, and the unused features load lazily', async () => {
    const result = await build({ ...common, splitting: true, outdir: '/tmp/webrtc-bundle-size-test' });
    const { upfront: gz, upfrontFiles, upfrontInputs: inputs } = measureSplit(result, APP_FILE);
    console.log(`up front: ${upfrontFiles} file(s), ${gz} B gzipped`);
    const meta = result.metafile!;
    expect(inputs.filter((i) => LAZY.some((l) => i.includes(l)))).toEqual([]);
    expect(Object.keys(meta.inputs).filter((i) => i.startsWith('node:'))).toEqual([]);
    expect(gz).toBeLessThanOrEqual(UPFRONT_CEILING);
  });

  it('in one file: under its ceiling', async () => {
    const result = await build(common);
    const gz = gzipBytes(result.outputFiles![0]!.contents);
    console.log(`one file: ${gz} B gzipped`);
    expect(gz).toBeLessThanOrEqual(SINGLE_FILE_CEILING);
  });
});
