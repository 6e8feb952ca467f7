import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator, McpTestServer } from '@realtime-agents/emulator';

export interface DemoBackendConfig {
  backend: 'emulator' | 'openai';
  baseUrl: string;
  model: string;
  faults: boolean;
  /** The loopback MCP server beside the emulator (`null` against the real API, which cannot reach it). */
  mcp: { serverLabel: string; url: string } | null;
}
export interface DemoBackend {
  config: DemoBackendConfig;
  sessionHandler: (req: IncomingMessage, res: ServerResponse, next?: (e?: unknown) => void) => Promise<void>;
  emulator: Emulator | null;
  /** The demo's MCP server (emulator backend only). */
  mcpServer: McpTestServer | null;
  close(): Promise<void>;
}
export function startBackend(options?: {
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<DemoBackend>;
/** `serverLabel` of the demo's MCP server. */
export const MCP_SERVER_LABEL: string;
export function backendMiddleware(
  backend: DemoBackend,
): (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void;
/** Keys `POST /session` mints per client address and minute (`SESSION_KEYS_PER_MINUTE`, default 30). */
export function keysPerMinute(value: string | undefined): number;
