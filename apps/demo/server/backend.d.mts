import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '@realtime-agents/emulator';

export interface DemoBackendConfig {
  backend: 'emulator' | 'openai';
  baseUrl: string;
  model: string;
  faults: boolean;
}
export interface DemoBackend {
  config: DemoBackendConfig;
  sessionHandler: (req: IncomingMessage, res: ServerResponse, next?: (e?: unknown) => void) => Promise<void>;
  emulator: Emulator | null;
  close(): Promise<void>;
}
export function startBackend(options?: {
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<DemoBackend>;
export function backendMiddleware(
  backend: DemoBackend,
): (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void;
/** Keys `POST /session` mints per client address and minute (`SESSION_KEYS_PER_MINUTE`, default 30). */
export function keysPerMinute(value: string | undefined): number;
