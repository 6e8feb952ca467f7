import { describe, expect, it } from 'vitest';
import { FaultOnceKeys } from './fault-once.js';

describe('FaultOnceKeys', () => {
  it('claims a key once', () => {
    const once = new FaultOnceKeys();
    expect([once.claim('a'), once.claim('a'), once.claim('b'), once.claim('a')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('holds at most `limit` keys, forgetting the oldest', () => {
    const once = new FaultOnceKeys(2);
    once.claim('a');
    once.claim('b');
    once.claim('c'); // 'a' is forgotten
    expect(once.claim('b')).toBe(false);
    expect(once.claim('a')).toBe(true);
  });
});
