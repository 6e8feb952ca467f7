/**
 * The first `session.update` of a connect and the server `error` that answers it.
 * @module
 */
import { ProtocolError, TransportError } from '../errors.js';

/** The `error` object of a server `error` event, as far as the handshake reads it. */
export interface ServerErrorBody {
  message?: string;
  code?: string;
  event_id?: string | null;
  param?: string | null;
}

/**
 * Whether a server `error` answers the initial `session.update` sent with `eventId`: it names that
 * event, or it names none and its `param` is a session field (the server's answer to a bad config).
 * @example
 * answersSessionUpdate({ param: 'session.voice' }, 'cli_1') // true
 * answersSessionUpdate({ event_id: 'cli_2' }, 'cli_1')      // false
 */
export function answersSessionUpdate(error: ServerErrorBody | undefined, eventId: string): boolean {
  if (!error) return false;
  if (error.event_id) return error.event_id === eventId;
  return typeof error.param === 'string' && error.param.startsWith('session');
}

/**
 * The `session_rejected` error for a server `error` event that answered the initial `session.update`.
 * @example
 * if (answersSessionUpdate(event.error, id)) reject(sessionRejectedError(event));
 */
export function sessionRejectedError(event: { error?: ServerErrorBody }): TransportError {
  const err = event.error ?? {};
  return new TransportError(
    'session_rejected',
    `The server rejected the session configuration: ${err.message ?? 'unknown error'}${err.code ? ` (${err.code})` : ''}`,
    { cause: new ProtocolError(err.code ?? 'server_error', err.message ?? '', event) },
  );
}
