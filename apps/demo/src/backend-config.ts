/**
 * What the demo server tells the page about the live backend (`GET /config`).
 * @module
 */

/** The backend the page talks to. */
export interface BackendConfig {
  /** `emulator` (local, offline) or `openai` (the real Realtime API, `OPENAI_API_KEY` set). */
  backend: 'emulator' | 'openai';
  /** Realtime API base URL for the transports (`http://127.0.0.1:PORT/v1` for the emulator). */
  baseUrl: string;
  model: string;
  /** True when failure drills (emulator faults) are available. */
  faults: boolean;
  /**
   * The demo's MCP server on the server's loopback, for the agent's `hostedMcpTool` (emulator only:
   * the real API cannot reach it). Only the Realtime backend connects to it, never the page.
   */
  mcp?: { serverLabel: string; url: string } | null;
}

/** Fetch `/config`; throws an error whose message says what to do when the demo server is down. */
export async function fetchBackendConfig(url = '/config'): Promise<BackendConfig> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (cause) {
    throw new Error(`The demo server is unreachable (${url}). Start it with \`npm run demo\`.`, { cause });
  }
  if (!res.ok) throw new Error(`The demo server answered ${res.status} for ${url}.`);
  return (await res.json()) as BackendConfig;
}
