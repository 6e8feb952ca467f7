import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PARSER_PROPERTIES } from './parser.properties.js';

/** Fixed seed and a small budget: the same cases on every run; `pnpm fuzz` runs the big budget. */
const SEED = 20_261_211;

describe('parser fuzz', () => {
  for (const [name, property] of Object.entries(PARSER_PROPERTIES)) {
    it(name, () => {
      fc.assert(property(), { seed: SEED, numRuns: 2000 });
    });
  }
});
