import { TransportError } from '@realtime-agents/core';
import { expect } from 'vitest';

/**
 * The `TransportError` that `p` rejects with; fails the test when `p` resolves or rejects with anything else.
 * @example const err = await rejection(transport.connect(options, handlers));
 */
export async function rejection(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }
  throw new Error('expected a rejection');
}
