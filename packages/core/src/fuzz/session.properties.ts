/**
 * The session properties, shared by the vitest files and `pnpm fuzz`: valid streams keep every
 * invariant, and so do mutated ones.
 * @module
 */
import fc from 'fast-check';
import { anyProperty, type PropertyTable } from './property-table.js';
import { driveSession } from './drive-session.js';
import { checkTrace } from './invariants.js';
import { mutationArbitrary, applyMutations } from './mutations.js';
import { trapProcessErrors } from './process-traps.js';
import { serverStreamArbitrary } from './server-stream.arbitrary.js';
import type { Step } from './step.js';

/** Run one case under the process traps; throws with the violations, so fast-check shrinks it. */
async function holds(steps: readonly Step[]): Promise<void> {
  const traps = trapProcessErrors();
  try {
    const trace = await driveSession(steps, traps.errors);
    const violations = checkTrace(trace);
    if (violations.length) throw new Error(violations.join('\n'));
  } finally {
    traps.dispose();
  }
}

/**
 * Session properties by name.
 * @example
 * await fc.assert(SESSION_PROPERTIES['session: valid streams'](), { numRuns: 100, seed: 1 });
 */
export const SESSION_PROPERTIES: PropertyTable = {
  'session: valid streams': () => anyProperty(fc.asyncProperty(serverStreamArbitrary, holds)),
  'session: mutated streams': () =>
    anyProperty(
      fc.asyncProperty(
        serverStreamArbitrary,
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 5 }),
        (steps, mutations) => holds(applyMutations(steps, mutations)),
      ),
    ),
};
