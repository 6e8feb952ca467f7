/**
 * `<RealtimeProvider>`: one session for the components below it, connected on demand.
 * @module
 */
import type { RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { Observable } from './observable.js';
import { SessionStore } from './session-store.js';

const StoreContext = createContext<SessionStore | null>(null);

/** Props of {@link RealtimeProvider}. */
export interface RealtimeProviderProps<TContext = unknown> {
  /** Options and transport (`new RealtimeRunner({ transport: webrtcTransport(...) })`). */
  runner: RealtimeRunner;
  /** The agent that answers first. */
  agent: RealtimeAgent<TContext>;
  /** Your value for tools and dynamic instructions (`ctx.context`). */
  context?: TContext;
  children?: ReactNode;
}

/**
 * Holds one session for its subtree. Nothing connects until `connect()` (from
 * {@link useRealtimeSession}) is called — call it from a click so the browser allows audio. The
 * session is closed when the provider unmounts; StrictMode's mount–unmount–mount keeps it.
 * `runner`, `agent` and `context` are read when connecting.
 * @example
 * const runner = new RealtimeRunner({ transport: webrtcTransport({ clientSecret }) });
 * <RealtimeProvider runner={runner} agent={greeter}>
 *   <App />
 * </RealtimeProvider>
 */
export function RealtimeProvider<TContext>({
  runner,
  agent,
  context,
  children,
}: RealtimeProviderProps<TContext>) {
  const [store] = useState(() => new SessionStore());
  // read only inside connect(), which runs after this render committed
  store.configure({ runner, agent, context });
  useEffect(() => {
    store.retain();
    return () => store.release();
  }, [store]);
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/**
 * The provider's store, or an error naming the hook and the provider it needs.
 * @example const store = useSessionStore('useTranscript');
 */
export function useSessionStore(hook: string): SessionStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error(`${hook}() must be used inside <RealtimeProvider runner={…} agent={…}>`);
  return store;
}

/**
 * One slice of the provider's store, re-rendering only when it changes (`select` derives a value
 * from it, e.g. one field, compared with `Object.is`).
 * @example const messages = useSlice('useTranscript', (s) => s.transcript);
 */
export function useSlice<T, R = T>(
  hook: string,
  slice: (store: SessionStore) => Observable<T>,
  select: (value: T) => R = (v) => v as unknown as R,
): R {
  const o = slice(useSessionStore(hook));
  const get = () => select(o.get());
  return useSyncExternalStore(o.subscribe, get, get);
}
