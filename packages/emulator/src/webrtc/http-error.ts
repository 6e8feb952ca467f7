/**
 * The real API's JSON error envelope for `/v1/realtime/calls` failures.
 * @module
 */
import type { ServerResponse } from 'node:http';

export interface CallsErrorBody {
  message: string;
  type: 'invalid_request_error' | 'server_error';
  param: string | null;
  code: string | null;
}

/** Write `{error:{message,type,param,code}}` with the given status (no-op if headers went out). */
export function sendCallsError(res: ServerResponse, status: number, error: CallsErrorBody): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ error: error });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
