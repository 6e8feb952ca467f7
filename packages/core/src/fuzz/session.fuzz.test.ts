import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SESSION_PROPERTIES } from './session.properties.js';

/** Fixed seed and a small budget: the same cases on every run; `pnpm fuzz` runs the big budget. */
const SEED = 20_261_211;

describe('session fuzz', () => {
  for (const [name, property] of Object.entries(SESSION_PROPERTIES)) {
    it(name, async () => {
      await fc.assert(property(), { seed: SEED, numRuns: 1000 });
    });
  }
});
