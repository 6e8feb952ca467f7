import { describe, expect, it } from 'vitest';
import { ClientSecretError } from './client-secret.js';
import { describeError } from './describe-error.js';

const named = (name: string, message = name) => Object.assign(new Error(message), { name });
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('describeError', () => {
  it('microphone: denied, missing, busy', () => {
    expect(describeError(coded('permission_denied'), 'microphone')).toMatch(/permission denied.*allow/i);
    expect(describeError(named('NotAllowedError'), 'microphone')).toMatch(/permission denied/i);
    expect(describeError(coded('device_not_found'), 'microphone')).toMatch(/no microphone found/i);
    expect(describeError(named('NotReadableError'), 'microphone')).toMatch(/in use/i);
    expect(describeError(new Error('odd'), 'microphone')).toBe('Microphone problem: odd');
  });

  it('expired keys, also when wrapped', () => {
    const inner = new Error('The provided client secret has expired.');
    const wrapped = new Error('Could not connect: HTTP 401', { cause: inner });
    expect(describeError(wrapped, 'connect')).toMatch(/has expired.*connect again/i);
  });

  it('token endpoint failures keep their own message', () => {
    const e = new ClientSecretError('Could not reach the token endpoint /session: …', null);
    expect(describeError(e, 'connect')).toBe(e.message);
  });

  it('WebRTC failures suggest the WebSocket transport', () => {
    expect(describeError(new Error('ICE never connected within 15 s'), 'connect')).toMatch(
      /^WebRTC failed: .*switch the transport to WebSocket/,
    );
  });

  it('unreachable backends', () => {
    expect(describeError(new TypeError('Failed to fetch'), 'connect')).toMatch(/backend is unreachable/);
  });

  it('drops during a session', () => {
    expect(describeError(new Error('socket closed (1006)'), 'session')).toMatch(
      /^The connection dropped: .*Connect again/,
    );
  });
});
