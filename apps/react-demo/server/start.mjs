// The React demo's server: the classic demo's backend (emulator unless OPENAI_API_KEY is set, with
// POST /session and GET /config), reused as is, plus Vite for this app, on 127.0.0.1.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { backendMiddleware, startBackend } from '../../demo/server/backend.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const backend = await startBackend();
const server = await createServer({
  root,
  configFile: `${root}/vite.config.ts`,
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5174), strictPort: false },
  plugins: [
    {
      name: 'realtime-agents-demo-backend',
      configureServer(s) {
        s.middlewares.use(backendMiddleware(backend));
      },
    },
  ],
});
await server.listen();

const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
const live =
  backend.config.backend === 'openai'
    ? `OpenAI Realtime API (${backend.config.model}) — OPENAI_API_KEY is set`
    : `local emulator at ${backend.config.baseUrl} (set OPENAI_API_KEY to use the real API)`;
console.log(`\n  Realtime Agents React demo: ${url}\n  Backend: ${live}\n  Press Ctrl-C to stop.\n`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  await backend.close();
  console.log('  Realtime Agents React demo stopped.');
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
