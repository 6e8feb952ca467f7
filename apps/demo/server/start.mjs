// `pnpm --filter @realtime-agents/demo start` (what `npm run demo` runs): the backend (emulator unless
// OPENAI_API_KEY is set) and the Vite dev server with POST /session and GET /config, on 127.0.0.1.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { backendMiddleware, startBackend } from './backend.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const verbose = process.env.DEMO_VERBOSE === '1';

const backend = await startBackend({ log: verbose ? (l) => console.log(l) : undefined });
const server = await createServer({
  root,
  configFile: `${root}/vite.config.ts`,
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), strictPort: false },
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
console.log(`\n  Realtime Agents demo: ${url}\n  Backend: ${live}\n  Press Ctrl-C to stop.\n`);

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  await backend.close();
  console.log('  Realtime Agents demo stopped.');
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
