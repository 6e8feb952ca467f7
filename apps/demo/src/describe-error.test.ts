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
    expect(describeError(wrapped, 'connect')).toMatch(/refused as expired.*connect again/i);
    const sdp401 = Object.assign(new Error('HTTP 401'), { status: 401 });
    expect(describeError(sdp401, 'connect')).toMatch(/expired or invalid/);
  });

  it('a failed prepare() reads as its cause (the connection made ahead of the click)', () => {
    const ws = new Error(
      'The WebSocket to ws://127.0.0.1:9/v1/realtime closed before opening (code 1006). The server is unreachable.',
    );
    const failed = Object.assign(
      new Error(`WebSocket prepare() failed while waiting for the WebSocket handshake: ${ws.message}`, {
        cause: ws,
      }),
      { code: 'prepare_failed' },
    );
    expect(describeError(failed, 'connect')).toBe(describeError(ws, 'connect'));
    expect(describeError(failed, 'connect')).toMatch(/: The WebSocket to ws:\/\/127\.0\.0\.1:9/);
  });

  it('a hint that merely mentions expiry is not an expired key', () => {
    const ws = new Error(
      'The WebSocket to ws://127.0.0.1:9/v1/realtime closed before opening (code 1006). The server is unreachable or refused the handshake (a wrong or expired key gives HTTP 401; browsers do not show the status).',
    );
    expect(describeError(ws, 'connect')).toMatch(/^The Realtime backend is unreachable/);
  });

  it('rate limits', () => {
    expect(describeError(Object.assign(new Error('HTTP 429'), { status: 429 }), 'connect')).toMatch(
      /rate limiting/,
    );
  });

  it('token endpoint failures keep their own message', () => {
    const e = new ClientSecretError('Could not reach the token endpoint /session: …', null);
    expect(describeError(e, 'connect')).toBe(e.message);
  });

  it('token endpoint failures keep their own message when a transport wrapped them', () => {
    const e = new ClientSecretError('The token endpoint refused to mint a key: HTTP 503', 503);
    const wrapped = new Error(`The clientSecret function failed: ${e.message}.`, { cause: e });
    expect(describeError(new Error('connect failed', { cause: wrapped }), 'connect')).toBe(e.message);
  });

  it('WebRTC failures suggest the WebSocket transport', () => {
    expect(describeError(new Error('ICE never connected within 15 s'), 'connect')).toMatch(
      /^WebRTC failed: .*switch the transport to WebSocket/,
    );
    expect(describeError(new Error('setRemoteDescription failed'), 'connect')).toBe(
      'Could not connect: setRemoteDescription failed',
    );
  });

  it('unreachable backends', () => {
    expect(describeError(new TypeError('Failed to fetch'), 'connect')).toMatch(/backend is unreachable/);
    // a session that expires mid-call is a drop, not a key problem
    expect(describeError(new Error('hung up, session expired or server error'), 'session')).toMatch(
      /^The connection dropped/,
    );
  });

  it('drops during a session', () => {
    expect(describeError(new Error('socket closed (1006)'), 'session')).toMatch(
      /^The connection dropped: .*Connect again/,
    );
  });
});
