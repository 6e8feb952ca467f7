import { describe, expect, it } from 'vitest';
import { StatusView } from './status.js';

/** The bits of an element StatusView touches, without a DOM. */
const stubElement = () => ({
  dataset: {} as Record<string, string>,
  textContent: '',
  querySelector: () => null,
  setAttribute() {},
});

describe('StatusView', () => {
  it('masks keys in the message (error messages end up on the status line)', () => {
    const el = stubElement();
    new StatusView(el as unknown as HTMLElement).set(
      'error',
      'The API refused creating a client secret (401): Incorrect API key provided: sk-fake-NOTAREALKEY0TESTONLYKLMN.',
    );
    expect(el.textContent).toBe(
      'Error: The API refused creating a client secret (401): Incorrect API key provided: sk-…KLMN.',
    );
  });
});
