/**
 * Small helpers shared by the Node soak benches: heap after GC, active resources by type, percentiles.
 * @module
 */

/** `heapUsed + arrayBuffers` in bytes after two forced GCs (benches run with --expose-gc). */
export function heapAfterGc(): { heapUsed: number; arrayBuffers: number; total: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (pnpm bench does)');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, total: m.heapUsed + m.arrayBuffers };
}

/** `process.getActiveResourcesInfo()` counted by type. */
export function resources(): Record<string, number> {
  const byType: Record<string, number> = {};
  for (const t of process.getActiveResourcesInfo()) byType[t] = (byType[t] ?? 0) + 1;
  return byType;
}

/** `TCPSocketWrap 2, Timeout 1` (types sorted), or `none`. */
export function formatResources(r: Record<string, number>): string {
  const parts = Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, n]) => `${t} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** Types whose count grew from `before` to `after`, as `Type +n`. */
export function grownResources(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.entries(after)
    .filter(([t, n]) => n > (before[t] ?? 0))
    .map(([t, n]) => `${t} +${n - (before[t] ?? 0)}`);
}

/** The p-th percentile (nearest rank). */
export function pct(xs: number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Bytes as `+1.23 MB` / `-0.40 MB`. */
export const mbDelta = (bytes: number): string =>
  `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1e6).toFixed(2)} MB`;
/** Bytes as `12.34 MB`. */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
/** Milliseconds rounded, or with one decimal under 10. */
export const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
/** Resolve after `t` ms. */
export const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));
