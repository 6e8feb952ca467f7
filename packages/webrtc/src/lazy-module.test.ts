import { describe, expect, it } from 'vitest';
import { lazyModule } from './lazy-module.js';

describe('lazyModule', () => {
  it('loads once and shares the promise', async () => {
    let loads = 0;
    const load = lazyModule(async () => ++loads);
    const [a, b] = [load(), load()];
    expect(a).toBe(b);
    expect(await a).toBe(1);
    expect(await load()).toBe(1);
    expect(loads).toBe(1);
  });

  it('a failed load is not kept: the next call loads again', async () => {
    let loads = 0;
    const load = lazyModule(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk failed to load');
      return 'ok';
    });
    await expect(load()).rejects.toThrow('chunk failed to load');
    expect(await load()).toBe('ok');
    expect(loads).toBe(2);
  });
});
