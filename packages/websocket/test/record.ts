// Test support shared by Node and browser tests: event recording and PCM helpers. Not part of the package.
import type { RealtimeSession, SessionEvent, SessionEventOf, SessionEventType } from '@realtime-agents/core';

/** Record every event of a session, and wait for the ones you need. */
export function record(session: RealtimeSession<unknown>) {
  const events: SessionEvent[] = [];
  const waiters = new Set<() => void>();
  session.on('*', (e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  const of = <T extends SessionEventType>(type: T) =>
    events.filter((e) => e.type === type) as SessionEventOf<T>[];
  const waitFor = <T extends SessionEventType>(
    type: T,
    pred: (e: SessionEventOf<T>) => boolean = () => true,
    timeoutMs = 10_000,
    from = 0,
  ): Promise<SessionEventOf<T>> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = events.slice(from).find((e) => e.type === type && pred(e as SessionEventOf<T>));
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit as SessionEventOf<T>);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = events.map((e) =>
          e.type === 'raw' ? `raw:${(e.event as { type: string }).type}` : e.type,
        );
        reject(new Error(`timed out waiting for '${type}'; saw: ${seen.slice(-40).join(', ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const raw = (type: string) =>
    events
      .filter(
        (e): e is SessionEventOf<'raw'> => e.type === 'raw' && (e.event as { type: string }).type === type,
      )
      .map((e) => e.event as unknown as Record<string, unknown>);
  const errors = () => of('error').map((e) => e.error.message);
  return { events, of, waitFor, raw, errors };
}

/** RMS of PCM16 in dBFS. */
export function rmsDbfs(pcm: Int16Array): number {
  let s = 0;
  for (const v of pcm) s += v * v;
  const rms = Math.sqrt(s / Math.max(1, pcm.length)) / 32768;
  return rms > 0 ? 20 * Math.log10(rms) : -120;
}

/** Concatenate PCM16 chunks. */
export function concat(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
