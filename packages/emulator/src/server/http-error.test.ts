import { describe, expect, it } from 'vitest';
import { httpErrors, maskKey } from './http-error.js';

describe('the 401 message quotes the presented key masked, never whole', () => {
  it('keeps 6 + 4 characters of a real-length key, like the API', () => {
    const key = `sk-proj-${'a'.repeat(40)}WXYZ`;
    expect(maskKey(key)).toBe('sk-pro***WXYZ');
    expect(httpErrors.invalidKey(key).message).toContain('Incorrect API key provided: sk-pro***WXYZ.');
  });

  it.each(['sk-other-key', 'sk-abcdefg', 'ek_0123456789abcdef01', 'nopenope'])(
    'shows only the first 3 characters of a short key (%s)',
    (key) => {
      const message = httpErrors.invalidKey(key).message;
      expect(message).toContain(`Incorrect API key provided: ${key.slice(0, 3)}***.`);
      for (let i = 0; i + 5 <= key.length; i++) expect(message).not.toContain(key.slice(i, i + 5));
    },
  );
});
