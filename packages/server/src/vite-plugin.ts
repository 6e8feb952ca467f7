/**
 * A Vite plugin that serves the client-secret endpoint from the dev server (and `vite preview`), so a
 * demo needs no separate backend. Typed structurally: `vite` is not a dependency of this package.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientSecretHandlerOptions, clientSecretHandler } from './client-secret-handler.js';
import { toNodeHandler } from './node-handler.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The part of Vite's dev/preview server the plugin uses. */
export interface ViteServerLike {
  middlewares: { use(fn: Middleware): unknown };
}

/** A Vite `Plugin` object (assignable to `import('vite').Plugin`). */
export interface ViteSessionPlugin {
  name: string;
  configureServer(server: ViteServerLike): void;
  configurePreviewServer(server: ViteServerLike): void;
}

/** Options of `viteSessionMiddleware`: the handler's options plus the path it answers on. */
export interface ViteSessionOptions extends ClientSecretHandlerOptions {
  /** @default '/session' */
  path?: string;
}

/**
 * Serves `POST /session` (mints an ephemeral key) from Vite's dev server. The page's own origin is
 * allowed by default.
 * @example
 * // vite.config.ts
 * import { viteSessionMiddleware } from '@realtime-agents/server';
 * export default defineConfig({
 *   plugins: [viteSessionMiddleware({ session: { type: 'realtime', model: 'gpt-realtime' } })],
 * });
 * // browser: fetch('/session', { method: 'POST' }).then((r) => r.json()).then((j) => j.value)
 */
export function viteSessionMiddleware(options: ViteSessionOptions): ViteSessionPlugin {
  const { path = '/session', ...handlerOptions } = options;
  const handle = toNodeHandler(clientSecretHandler(handlerOptions));
  const install = (server: ViteServerLike) => {
    server.middlewares.use((req, res, next) => {
      const pathname = (req.url ?? '/').split('?')[0];
      if (pathname !== path) return next();
      void handle(req, res, next);
    });
  };
  return { name: 'realtime-agents-session', configureServer: install, configurePreviewServer: install };
}
