/**
 * `useRealtimeSession()`: the provider's session, its status and connect / disconnect.
 * @module
 */
import type { RealtimeSession } from '@realtime-agents/core';
import { useSessionStore, useSlice } from './provider.js';
import type { SessionStatus } from './session-store.js';

/** What {@link useRealtimeSession} returns. */
export interface RealtimeSessionState {
  /** The live session (`sendText`, `interrupt`, `history`, `currentAgent`, …), or null when not connected. */
  session: RealtimeSession | null;
  /** `idle` → `connecting` → `connected` (⇄ `reconnecting`) → `closed`; `error` when connecting failed. */
  status: SessionStatus;
  /**
   * Connect once (a second call returns the same promise). Call it from a click: the gesture lets the
   * browser open the microphone and play audio. Resolves with the session, or null on failure (see `error`).
   */
  connect: () => Promise<RealtimeSession | null>;
  /** Close the session. */
  disconnect: () => void;
  /** The last error: a failed connect or an `error` event. */
  error: Error | null;
}

/**
 * The session of the nearest {@link RealtimeProvider}.
 * @example
 * const { session, status, connect, disconnect } = useRealtimeSession();
 * return status === 'connected'
 *   ? <button onClick={() => session?.sendText('Hi!')}>Say hi</button>
 *   : <button onClick={() => connect()}>Connect</button>;
 */
export function useRealtimeSession(): RealtimeSessionState {
  const store = useSessionStore('useRealtimeSession');
  const c = useSlice('useRealtimeSession', (s) => s.connection);
  return { ...c, connect: store.connect, disconnect: store.disconnect };
}
