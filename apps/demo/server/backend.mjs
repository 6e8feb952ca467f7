// The demo's backend: the local emulator (default) or the real OpenAI Realtime API when
// OPENAI_API_KEY is set, plus the two endpoints the page uses — POST /session (an ephemeral key,
// minted by @realtime-agents/server) and GET /config (which backend is live). Beside the emulator it
// runs a small real MCP server on loopback, which the emulator lists and calls as a hosted MCP tool.
import { clientSecretHandler, toNodeHandler } from '@realtime-agents/server';

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Any `sk-…` key is accepted by the emulator; this one never leaves the server. */
const EMULATOR_KEY = 'sk-emulator-demo';

/** The label the page gives the loopback MCP server (`hostedMcpTool({ serverLabel })`). */
export const MCP_SERVER_LABEL = 'files';

/**
 * Ephemeral keys `POST /session` mints per client address and minute: 30 unless
 * `SESSION_KEYS_PER_MINUTE` says otherwise (every connect and every reconnect takes one; the e2e
 * suite is many users on one address).
 * @param {string | undefined} value
 */
export function keysPerMinute(value) {
  if (value === undefined || value === '') return 30;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`SESSION_KEYS_PER_MINUTE must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Start the backend. With `OPENAI_API_KEY` in `env` nothing is started locally; otherwise an
 * emulator listens on 127.0.0.1 (`EMULATOR_PORT`, default a free port).
 * @param {{ env?: Record<string, string | undefined>, log?: (line: string) => void }} [options]
 */
export async function startBackend({ env = process.env, log = () => {} } = {}) {
  const model = env.REALTIME_MODEL || 'gpt-realtime';
  const session = { type: 'realtime', model };
  const rateLimit = { max: keysPerMinute(env.SESSION_KEYS_PER_MINUTE), windowMs: 60_000 };
  if (env.OPENAI_API_KEY) {
    const handler = clientSecretHandler({ session, apiKey: env.OPENAI_API_KEY, rateLimit });
    return {
      // The real API cannot reach a server on this machine's loopback: no MCP server then.
      config: { backend: 'openai', baseUrl: OPENAI_BASE_URL, model, faults: false, mcp: null },
      sessionHandler: toNodeHandler(handler),
      emulator: null,
      mcpServer: null,
      close: async () => {},
    };
  }
  const { startEmulator, startMcpTestServer } = await import('@realtime-agents/emulator');
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: Number(env.EMULATOR_PORT ?? 0),
    // Slightly slower streaming makes answers long enough to interrupt.
    streamIntervalMs: 20,
    onLog: (line) => log(`[emulator] ${line}`),
  });
  // A real MCP server (the MCP SDK's, over Streamable HTTP) with roll_dice and delete_file, on
  // 127.0.0.1 and a free port. Only the emulator talks to it; the page only passes its URL on.
  let mcp;
  try {
    mcp = await startMcpTestServer();
  } catch (e) {
    await emulator.close();
    throw e;
  }
  const handler = clientSecretHandler({
    session,
    apiKey: EMULATOR_KEY,
    baseUrl: emulator.baseUrl,
    rateLimit,
  });
  return {
    config: {
      backend: 'emulator',
      baseUrl: emulator.baseUrl,
      model,
      faults: true,
      mcp: { serverLabel: MCP_SERVER_LABEL, url: mcp.url },
    },
    sessionHandler: toNodeHandler(handler),
    emulator,
    mcpServer: mcp,
    close: async () => {
      await Promise.all([emulator.close(), mcp.close()]);
    },
  };
}

/**
 * Connect-style middleware for the page's endpoints: `POST /session` and `GET /config`.
 * @param {Awaited<ReturnType<typeof startBackend>>} backend
 */
export function backendMiddleware(backend) {
  const body = JSON.stringify(backend.config);
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/session') return void backend.sessionHandler(req, res, next);
    if (path === '/config' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    next();
  };
}
