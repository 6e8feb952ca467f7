import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { answersSessionUpdate, sessionRejectedError } from './session-handshake.js';

describe('session handshake', () => {
  it('an error answers the session.update when it names it, or names nothing and points at session.*', () => {
    expect(answersSessionUpdate({ event_id: 'init' }, 'init')).toBe(true);
    expect(answersSessionUpdate({ event_id: 'other', param: 'session.voice' }, 'init')).toBe(false);
    expect(answersSessionUpdate({ param: 'session.voice' }, 'init')).toBe(true);
    expect(answersSessionUpdate({ event_id: null, param: 'item.id' }, 'init')).toBe(false);
    expect(answersSessionUpdate({}, 'init')).toBe(false);
    expect(answersSessionUpdate(undefined, 'init')).toBe(false);
  });

  it('session_rejected carries the server message, code and event', () => {
    const event = { type: 'error', error: { message: 'Invalid voice', code: 'invalid_value' } };
    const e = sessionRejectedError(event);
    expect(e.code).toBe('session_rejected');
    expect(e.message).toBe('The server rejected the session configuration: Invalid voice (invalid_value)');
    expect(e.cause).toBeInstanceOf(ProtocolError);
    expect((e.cause as ProtocolError).raw).toBe(event);
  });
});
