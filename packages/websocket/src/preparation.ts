/**
 * A WebSocket prepared before the click (`transport.prepare()`): opened and confirmed up to the
 * session config, then idle until a `connect` takes it — the transport kit's `PreparedLink` around
 * a `WebSocketConnection`, as the WebRTC transport keeps its call. The connection's own errors are
 * what the next connect reports.
 * @module
 */
import { PreparedLink } from '@realtime-agents/core/transport-kit';
import type { WebSocketConnection } from './websocket-connection.js';

export type { PreparationState } from '@realtime-agents/core/transport-kit';

/**
 * Start preparing `connection` (created with no handlers, its `onLost` calling the link's `lost`).
 * Its own `prepare_failed` error (naming the stage) is what the next connect reports.
 * @example
 * const prep = prepareSocket(connection, { idleTimeoutMs: 60_000, closedWhilePreparing });
 */
export function prepareSocket(
  connection: WebSocketConnection,
  o: { idleTimeoutMs?: number; closedWhilePreparing(): Error },
): PreparedLink<WebSocketConnection> {
  return new PreparedLink(connection, {
    preparing: connection.prepare(),
    idleTimeoutMs: o.idleTimeoutMs,
    failure: (cause) => cause,
    closedWhilePreparing: o.closedWhilePreparing,
  });
}
