import { defineConfig } from 'vite';

// The page is plain TypeScript; the workspace packages resolve to their built `dist/` (run
// `pnpm -r --filter ./packages/** build` first, which `npm run demo` does). POST /session and
// GET /config are added by server/start.mjs (dev) and server/serve.mjs (production).
export default defineConfig({
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // AudioWorklet modules must stay files: Vite would inline the small one as a data: URL, which a
    // strict CSP (script-src 'self') refuses, and the blob fallback is refused by it too.
    assetsInlineLimit: (file) => (/\.worklet\.[jt]s$/.test(file) ? false : undefined),
  },
});
