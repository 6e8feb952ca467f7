import { describe, expect, it } from 'vitest';
import { maskSecret, redactSecrets, redactValue } from './redact.js';

const SK = 'sk-fake-NOTAREALKEY0TESTONLYKLMN';
const PROJ = `sk-proj-${'A1b2C3d4'.repeat(12)}wxYZ`;
const EK = 'ek_68af0123456789abcdef0123456789ab';
const KEYS = [SK, PROJ, EK];

/** No key, nor any 12-character run of one, appears in `text`. */
function expectNoKey(text: string) {
  for (const key of KEYS) {
    expect(text).not.toContain(key);
    for (let i = 0; i + 12 <= key.length; i++) expect(text).not.toContain(key.slice(i, i + 12));
  }
}

describe('maskSecret', () => {
  it('keeps the kind prefix and the last 4 of a long key only', () => {
    expect(maskSecret(PROJ)).toBe('sk-proj-…wxYZ');
    expect(maskSecret(SK)).toBe('sk-…KLMN');
    expect(maskSecret(EK)).toBe('ek_…89ab');
    expect(maskSecret('sk-short12345')).toBe('sk-…');
    expect(maskSecret('azure0123456789abcdef0123456789')).toBe('…6789');
    expect(maskSecret('sk-abc***wxyz')).toBe('sk-…');
  });
});

describe('redactSecrets', () => {
  it.each([
    [`Incorrect API key provided: ${SK}.`, 'Incorrect API key provided: sk-…KLMN.'],
    [`key ${PROJ} and ${EK}`, 'key sk-proj-…wxYZ and ek_…89ab'],
    ['Incorrect API key provided: sk-fak***KLMN.', 'Incorrect API key provided: sk-….'],
    [
      `protocols realtime, openai-insecure-api-key.${EK}`,
      'protocols realtime, openai-insecure-api-key.ek_…89ab',
    ],
    ['Authorization: Bearer azure0123456789abcdef0123456789', 'Authorization: Bearer …6789'],
    [`wss://h/v1/realtime?model=m&api-key=${SK}&x=1`, 'wss://h/v1/realtime?model=m&api-key=sk-…KLMN&x=1'],
    [`{"client_secret":{"value":"${EK}"}}`, '{"client_secret":{"value":"ek_…89ab"}}'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
    expectNoKey(redactSecrets(input));
  });

  it('is idempotent and leaves ordinary text alone', () => {
    const once = redactSecrets(`a ${PROJ} b Bearer ${EK} c`);
    expect(redactSecrets(once)).toBe(once);
    const plain = 'task-runner disk-usage sk-learn ek_1 Bearer auth (i.e. Authorization: Bearer YOUR_KEY)';
    expect(redactSecrets(plain)).toBe(plain);
  });

  it('the check used by these tests catches an unredacted key', () => {
    expect(() => expectNoKey(`leak ${EK}`)).toThrow();
  });
});

describe('redactValue', () => {
  it('redacts strings at any depth, credential fields whole, and error messages and causes', () => {
    const cause = Object.assign(new Error(`HTTP 401: Incorrect API key provided: ${SK}`), { status: 401 });
    const error = Object.assign(new Error('handshake failed', { cause }), { code: 'unauthorized' });
    const value = {
      type: 'raw',
      event: { type: 'session.created', session: { client_secret: { value: EK, expires_at: 1 } } },
      headers: { Authorization: 'short-secret', api_key: 'tiny' },
      list: [`x ${PROJ}`],
      error,
      audio: new Int16Array(4),
    };
    const out = redactValue(value) as Record<string, any>;
    const json = JSON.stringify(out);
    expectNoKey(json);
    expect(json).not.toContain('short-secret');
    expect(json).not.toContain('tiny');
    expect(out.error).toMatchObject({
      name: 'Error',
      message: 'handshake failed',
      code: 'unauthorized',
      cause: { message: 'HTTP 401: Incorrect API key provided: sk-…KLMN', status: 401 },
    });
    expect(out.event.session.client_secret).toEqual({ value: 'ek_…89ab', expires_at: 1 });
    expect(out.audio).toBe(value.audio);
    expect(value.list[0]).toContain(PROJ); // the input is not modified
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { key: SK };
    a.self = a;
    expect(redactValue(a)).toEqual({ key: 'sk-…KLMN', self: '[Circular]' });
  });
});
