import { describe, expect, it } from 'vitest';
import { SampleFifo } from './sample-fifo.js';

describe('SampleFifo', () => {
  it('reads across chunk boundaries and zero-pads the end', () => {
    const f = new SampleFifo();
    f.push(Int16Array.of(1, 2, 3));
    f.push(new Int16Array(0));
    f.push(Int16Array.of(4, 5));
    expect(f.length).toBe(5);
    expect([...f.read(2)]).toEqual([1, 2]);
    expect([...f.read(2)]).toEqual([3, 4]);
    expect(f.length).toBe(1);
    expect([...f.read(3)]).toEqual([5, 0, 0]);
    expect(f.length).toBe(0);
    expect([...f.read(2)]).toEqual([0, 0]);
    f.push(Int16Array.of(7));
    f.clear();
    expect(f.length).toBe(0);
  });
});
