import { describe, expect, it } from 'vitest';

// The built package (run `pnpm --filter @realtime-agents/audio build` first; the CI builds before
// testing). Proves the tsc-emitted `.js` worklets beside `dist/worklets.js` load from static URLs.
const dist = import.meta.glob<typeof import('./index.js')>('../dist/index.js');
const load = dist['../dist/index.js'];

describe.runIf(load)('built dist', () => {
  it('loads the .js worklets emitted beside the code and plays/captures with them', async () => {
    const m = await load!();
    expect(m.workletUrl('capture')).toMatch(/\/dist\/capture\.worklet\.js$/);
    expect(m.workletUrl('player')).toMatch(/\/dist\/player\.worklet\.js$/);
    const player = await m.createPlayer({ sampleRate: 24000 });
    expect(player.workletSource).toBe('url');
    const frames: number[] = [];
    const tap = await m.createNodeTap(player.output, {
      sampleRate: 24000,
      onFrame: (f) => frames.push(f.rmsDbfs),
    });
    expect(tap.workletSource).toBe('url');
    player.enqueue(new Int16Array(4800).fill(8000), { itemId: 'd' });
    await player.next('drained');
    expect(player.positionOf('d')!.playedSamples).toBe(4800);
    expect(frames.some((db) => db > -13 && db < -11)).toBe(true); // 8000/32768 ≈ −12.2 dBFS
    tap.close();
    player.close();
  });
});
