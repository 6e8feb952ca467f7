import { describe, expect, it } from 'vitest';
import { LoopCancel, type ReconnectAttempt, reconnectLoop } from './reconnect-loop.js';

const lost = new Error('socket lost');

describe('reconnectLoop', () => {
  it('retries with the policy delays until a connect succeeds, passing each failure on', async () => {
    const attempts: ReconnectAttempt[] = [];
    const reasons: string[] = [];
    let tries = 0;
    const result = await reconnectLoop(lost, {
      policy: {
        nextDelayMs: ({ attempt, reason }) => {
          reasons.push(reason.message);
          return attempt;
        },
      },
      connect: async () => {
        tries++;
        if (tries < 3) throw new Error(`refused ${tries}`);
      },
      onAttempt: (a) => attempts.push(a),
    });
    expect(result).toEqual({ outcome: 'connected', attempts: 3 });
    expect(attempts.map((a) => [a.attempt, a.delayMs])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(reasons).toEqual(['socket lost', 'refused 1', 'refused 2']);
  });

  it('fails with the last reason when the policy gives up', async () => {
    const result = await reconnectLoop(lost, {
      policy: { nextDelayMs: ({ attempt }) => (attempt <= 2 ? 0 : null) },
      connect: async (n) => {
        throw new Error(`429 on attempt ${n}`);
      },
      onAttempt: () => {},
    });
    expect(result).toMatchObject({ outcome: 'failed', attempts: 2, reason: { message: '429 on attempt 2' } });
  });

  it('fails with a clear reason when the policy returns nonsense', async () => {
    const result = await reconnectLoop(lost, {
      policy: { nextDelayMs: () => Number.POSITIVE_INFINITY },
      connect: async () => {},
      onAttempt: () => {},
    });
    expect(result).toMatchObject({ outcome: 'failed', attempts: 0 });
    expect(result.outcome === 'failed' && result.reason.message).toMatch(/must return a delay/);
  });

  it('stops waiting at once when cancelled, without connecting', async () => {
    const controller = new LoopCancel();
    let connected = false;
    const pending = reconnectLoop(lost, {
      policy: { nextDelayMs: () => 60_000 },
      connect: async () => {
        connected = true;
      },
      onAttempt: () => controller.cancel(),
      signal: controller,
    });
    expect(await pending).toEqual({ outcome: 'cancelled', attempts: 0 });
    expect(connected).toBe(false);
  });
});
