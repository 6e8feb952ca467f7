// The README's "Testing your voice app" spec, copied out as a user would and run by a child Vitest.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, results, runVitest } from './child-vitest.test-support.js';

afterAll(removeScratch);

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');

describe('the README testing spec', () => {
  it('passes every test when run as weather.spec.ts', () => {
    const block = /<!-- readme-spec:[^>]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README.md has a ts block after <!-- readme-spec: … -->').toBeTruthy();
    const { status, report, output } = runVitest({ 'weather.spec.ts': block as string });
    expect(results(report), output).toEqual({
      'calls the weather tool and reports it': { status: 'passed', failure: '' },
      'talks to the emulator over WebSocket': { status: 'passed', failure: '' },
    });
    expect(status).toBe(0);
  });
});
