/**
 * Reporting a problem that does not change the connection.
 * @module
 */
import type { ConnectionState, TransportHandlers } from '../transport.js';

/**
 * Report a non-fatal problem through `handlers.warning`; handlers written before `warning` existed
 * get the old `state(current, error)` call instead, so the error is never lost.
 * @example
 * reportWarning(handlers, new TransportError('microphone', 'Microphone: device lost'), 'connected');
 */
export function reportWarning(
  handlers: Pick<TransportHandlers, 'state' | 'warning'>,
  error: Error,
  current: ConnectionState,
): void {
  if (handlers.warning) handlers.warning(error);
  else handlers.state(current, error);
}
