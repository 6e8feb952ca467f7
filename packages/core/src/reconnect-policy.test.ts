import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { askPolicy } from './reconnect-loop.js';
import { exponentialBackoff, resolveReconnect } from './reconnect-policy.js';

const reason = new Error('socket lost');

describe('exponentialBackoff', () => {
  it('doubles from 250 ms up to 5 s, then gives up after 8 attempts', () => {
    const policy = exponentialBackoff({ jitter: 0 });
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) =>
      policy.nextDelayMs({ attempt, elapsedMs: 0, reason }),
    );
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, null]);
  });

  it('spreads delays by the jitter fraction both ways', () => {
    const low = exponentialBackoff({ jitter: 0.2, random: () => 0 });
    const high = exponentialBackoff({ jitter: 0.2, random: () => 0.999999 });
    expect(low.nextDelayMs({ attempt: 3, elapsedMs: 0, reason })).toBe(800);
    expect(high.nextDelayMs({ attempt: 3, elapsedMs: 0, reason })).toBe(1200);
  });

  it('stops at the time budget and never waits past it', () => {
    const policy = exponentialBackoff({ jitter: 0, maxElapsedMs: 3000 });
    expect(policy.nextDelayMs({ attempt: 5, elapsedMs: 2500, reason })).toBe(500);
    expect(policy.nextDelayMs({ attempt: 2, elapsedMs: 3000, reason })).toBeNull();
  });

  it('rejects bad options with the option name and the allowed range', () => {
    expect(() => exponentialBackoff({ jitter: 2 })).toThrow(
      /reconnect\.jitter must be a number from 0 to 1, got 2/,
    );
    expect(() => exponentialBackoff({ maxAttempts: Number.NaN })).toThrow(ConfigError);
    expect(() => exponentialBackoff({ initialDelayMs: 100, maxDelayMs: 50 })).toThrow(
      /reconnect\.maxDelayMs/,
    );
  });
});

describe('resolveReconnect', () => {
  it('defaults to a backoff, keeps false and custom policies', () => {
    expect(resolveReconnect(undefined)).toHaveProperty('nextDelayMs');
    expect(resolveReconnect(false)).toBe(false);
    const mine = { nextDelayMs: () => 1 };
    expect(resolveReconnect(mine)).toBe(mine);
  });

  it('says what a reconnect option may be', () => {
    expect(() => resolveReconnect(true)).toThrow(/reconnect must be false, or a policy/);
    expect(() => resolveReconnect({ delay: 5 })).toThrow(/got \{"delay":5\}/);
  });
});

describe('askPolicy', () => {
  it('turns a throwing or nonsensical policy into a reason to give up', () => {
    const ctx = { attempt: 1, elapsedMs: 0, reason };
    expect(askPolicy({ nextDelayMs: () => 10 }, ctx)).toBe(10);
    expect(askPolicy({ nextDelayMs: () => null }, ctx)).toBeNull();
    expect(askPolicy({ nextDelayMs: () => -1 }, ctx)).toBeInstanceOf(ConfigError);
    expect(String(askPolicy({ nextDelayMs: () => Number.NaN }, ctx))).toMatch(
      /finite number ≥ 0\) or null, got NaN/,
    );
    const thrown = askPolicy(
      {
        nextDelayMs: () => {
          throw new Error('boom');
        },
      },
      ctx,
    );
    expect(String(thrown)).toMatch(/nextDelayMs threw: boom/);
  });
});
