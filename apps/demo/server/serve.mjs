// Production: serve the built page (dist/, from `vite build`) plus POST /session and GET /config
// with plain node:http. `pnpm --filter @realtime-agents/demo serve` (after `build`).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendMiddleware, startBackend } from './backend.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('No build found: run `pnpm --filter @realtime-agents/demo build` first.');
  process.exit(1);
}
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wav': 'audio/wav',
};

function serveStatic(req, res) {
  const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
  let file = normalize(join(dist, path === '/' ? 'index.html' : path));
  if (!file.startsWith(dist + sep)) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) file = join(dist, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}

const backend = await startBackend();
const endpoints = backendMiddleware(backend);
const server = createServer((req, res) => endpoints(req, res, () => serveStatic(req, res)));
const port = Number(process.env.PORT ?? 4173);
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`\n  Realtime Agents demo (production build): http://127.0.0.1:${actual}/`);
  console.log(
    `  Backend: ${backend.config.backend}${backend.emulator ? ` at ${backend.config.baseUrl}` : ''}\n`,
  );
});
const shutdown = () => server.close(() => void backend.close().then(() => process.exit(0)));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
