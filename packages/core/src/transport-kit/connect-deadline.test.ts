import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectDeadline } from './connect-deadline.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const message = (stage: string, ms: number) => `Timed out after ${ms} ms ${stage}`;

describe('ConnectDeadline', () => {
  it('names the stage that was awaited when it fired, and calls onTimeout once', async () => {
    const onTimeout = vi.fn();
    const d = new ConnectDeadline({ timeoutMs: 100, stage: 'resolving the key', message, onTimeout });
    await d.step(Promise.resolve(1));
    const hanging = d.step(new Promise(() => undefined), 'waiting for session.updated');
    vi.advanceTimersByTime(100);
    await expect(hanging).rejects.toMatchObject({
      code: 'connect_timeout',
      message: 'Timed out after 100 ms waiting for session.updated',
    });
    expect(onTimeout).toHaveBeenCalledTimes(1);
  });

  it('fail() ends the awaited step with its error; clear() stops the timer', async () => {
    const d = new ConnectDeadline({ timeoutMs: 100, stage: 'a', message });
    const step = d.step(new Promise(() => undefined));
    d.fail(new Error('closed while a'));
    await expect(step).rejects.toThrow('closed while a');
    const ok = new ConnectDeadline({ timeoutMs: 100, stage: 'a', message });
    const value = ok.step(new Promise((r) => setTimeout(() => r('done'), 50)));
    vi.advanceTimersByTime(50);
    await expect(value).resolves.toBe('done');
    ok.clear();
    expect(vi.getTimerCount()).toBe(1); // only the first deadline's timer is left
  });
});
