import { defineConfig } from 'vite';

// The React demo: TSX compiled by Vite's esbuild (automatic JSX runtime, no plugin). The workspace
// packages resolve to their built `dist/` (`npm run demo:react` builds them first). POST /session and
// GET /config come from the classic demo's backend (server/start.mjs).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  server: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    assetsInlineLimit: (file) => (/\.worklet\.[jt]s$/.test(file) ? false : undefined),
  },
});
