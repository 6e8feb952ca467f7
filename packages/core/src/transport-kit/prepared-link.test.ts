import { describe, expect, it, vi } from 'vitest';
import { PreparedLink } from './prepared-link.js';

function link() {
  return {
    closed: 0,
    close() {
      this.closed += 1;
    },
  };
}
function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const closed = () => new Error('closed while preparing');

describe('PreparedLink', () => {
  it('preparing → ready → taken once; the idle timer and the watch stop when taken', async () => {
    vi.useFakeTimers();
    try {
      const l = link();
      const d = deferred();
      const unwatch = vi.fn();
      const p = new PreparedLink(l, {
        preparing: d.promise,
        idleTimeoutMs: 1000,
        failure: (e) => e,
        closedWhilePreparing: closed,
        watchIdle: () => unwatch,
      });
      expect(p.state).toBe('preparing');
      d.resolve();
      await p.done;
      expect(p.state).toBe('ready');
      expect(p.take()).toBe(l);
      expect(p.state).toBe('none');
      expect(unwatch).toHaveBeenCalledOnce();
      expect(p.take()).toBeNull();
      vi.advanceTimersByTime(5000);
      p.close();
      expect(l.closed).toBe(0); // a taken link belongs to the connect
    } finally {
      vi.useRealTimers();
    }
  });

  it('expires after idleTimeoutMs unused, or when the idle link drops: closed, and take() gives null', async () => {
    vi.useFakeTimers();
    try {
      const a = link();
      const pa = new PreparedLink(a, {
        preparing: Promise.resolve(),
        idleTimeoutMs: 1000,
        failure: (e) => e,
        closedWhilePreparing: closed,
      });
      await pa.done;
      vi.advanceTimersByTime(999);
      expect(pa.state).toBe('ready');
      vi.advanceTimersByTime(1);
      expect(pa.state).toBe('expired');
      expect(a.closed).toBe(1);
      expect(pa.take()).toBeNull();

      const b = link();
      let drop: () => void = () => undefined;
      const pb = new PreparedLink(b, {
        preparing: Promise.resolve(),
        failure: (e) => e,
        closedWhilePreparing: closed,
        watchIdle: (end) => {
          drop = end;
          return () => undefined;
        },
      });
      await pb.done;
      drop();
      expect(pb.state).toBe('expired');
      expect(b.closed).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed preparation: the link is closed, done rejects with the failure, and take() throws it', async () => {
    const l = link();
    const p = new PreparedLink(l, {
      preparing: Promise.reject(new Error('handshake refused')),
      failure: (cause) => new Error(`prepare_failed: ${cause.message}`),
      closedWhilePreparing: closed,
    });
    await expect(p.done).rejects.toThrow('prepare_failed: handshake refused');
    expect(p.state).toBe('failed');
    expect(l.closed).toBe(1);
    expect(() => p.take()).toThrow('prepare_failed: handshake refused');
  });

  it('closed while preparing: the link is closed at once and done rejects with closedWhilePreparing', async () => {
    const l = link();
    const d = deferred();
    const p = new PreparedLink(l, { preparing: d.promise, failure: (e) => e, closedWhilePreparing: closed });
    p.close();
    expect(p.state).toBe('none');
    expect(l.closed).toBe(1);
    d.resolve();
    await expect(p.done).rejects.toThrow('closed while preparing');
    expect(p.take()).toBeNull();
  });
});
