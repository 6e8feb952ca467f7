/**
 * `useSessionEvent(type, handler)`: subscribe a component to one session event type.
 * @module
 */
import type { SessionEvent, SessionEventOf, SessionEventType } from '@realtime-agents/core';
import { useEffect } from 'react';
import { useLatest } from './latest.js';
import { useSessionStore } from './provider.js';

/**
 * Call `handler` for every event of `type` (or `'*'`) of the provider's session, across reconnects
 * and new connections. The newest `handler` is always called (no stale closures), without
 * re-subscribing when it changes.
 * @example
 * const [agent, setAgent] = useState('Greeter');
 * useSessionEvent('handoff', (e) => setAgent(e.to.name));
 */
export function useSessionEvent<T extends SessionEventType>(
  type: T,
  handler: (event: SessionEventOf<T>) => void,
): void;
export function useSessionEvent(type: '*', handler: (event: SessionEvent) => void): void;
export function useSessionEvent(type: SessionEventType | '*', handler: (event: never) => void): void {
  const store = useSessionStore('useSessionEvent');
  const latest = useLatest(handler as (event: SessionEvent) => void);
  useEffect(() => store.on(type, (event) => latest.current(event)), [store, type, latest]);
}
