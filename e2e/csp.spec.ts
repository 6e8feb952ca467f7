// The audio worklets under a strict Content-Security-Policy (`script-src 'self'`: no inline script,
// no eval, no blob: URLs). A small server on 127.0.0.1 serves packages/audio/dist and e2e/csp/page.js
// with that header; the page loads both worklets from their files, captures the fake microphone and
// plays a tone. The control: eval is refused and reported as a violation, so the policy is in force.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'";
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>CSP</title><script type="module" src="/page.js"></script>';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json' };

/** What e2e/csp/page.js reports. */
interface CspReport {
  violations: string[];
  evalResult?: number;
  evalError?: string;
  sources: string[];
  frames: number;
  drained: { itemId: string };
  position: { playedSamples: number };
}

let server: Server;
let origin: string;

async function file(path: string): Promise<string | null> {
  if (path === '/page.js') return readFile(join(ROOT, 'e2e/csp/page.js'), 'utf8');
  if (!path.startsWith('/audio/')) return null;
  const rel = normalize(path.slice('/audio/'.length));
  if (rel.startsWith('..')) return null;
  return readFile(join(ROOT, 'packages/audio/dist', rel), 'utf8').catch(() => null);
}

test.beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path === '/' ? PAGE : await file(path);
    if (body === null) return void res.writeHead(404).end();
    const type = path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'text/plain');
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'content-security-policy': CSP });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('capture and player worklets load and run under script-src self', async ({ page }) => {
  await page.goto(`${origin}/`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const out = await page.evaluate(() => (window as unknown as { cspCheck: Promise<CspReport> }).cspCheck);
  // The policy is in force: eval is refused and reported.
  expect(out.evalResult).toBeUndefined();
  expect(out.evalError).toBe('EvalError');
  expect(out.violations.some((v) => v.startsWith('script-src'))).toBe(true);
  // Both worklets came from their static files, not a blob fallback, and ran.
  expect(out.sources).toEqual(['url', 'url']);
  expect(out.frames).toBeGreaterThanOrEqual(10);
  expect(out.drained).toMatchObject({ itemId: 'tone' });
  expect(out.position.playedSamples).toBe(4800);
  // Nothing else was blocked.
  expect(out.violations.filter((v) => !v.endsWith(' eval'))).toEqual([]);
});
