/**
 * The emulator's side of one hosted MCP server: a real MCP `Client` over Streamable HTTP (the
 * official SDK) that lists and calls the server's tools, sending the session entry's `headers` and
 * its `authorization` as a Bearer token. The connection is made on first use and kept; a transport
 * failure drops it so the next use connects afresh. Failures come back as the `error` object of an
 * `mcp_call` item (protocol §6.6): `http_error`, `protocol_error` or `tool_execution_error`.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpListedTool, McpToolConfig } from './mcp-config.js';

/** The `error` of a failed `mcp_call` item (or of a failed listing). */
export type McpCallError =
  | { type: 'http_error'; code: number; message: string }
  | { type: 'protocol_error'; code: number; message: string }
  | { type: 'tool_execution_error'; message: string };

/** A tool call's outcome: the text of the result, or an error. */
export type McpCallOutcome = { output: string } | { error: McpCallError };

/** Time allowed for listing or one call. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What a thrown SDK/fetch error becomes on the wire. */
export function classifyMcpError(error: unknown): McpCallError {
  if (error instanceof McpError) return { type: 'protocol_error', code: error.code, message: error.message };
  if (error instanceof StreamableHTTPError && typeof error.code === 'number' && error.code >= 100)
    return { type: 'http_error', code: error.code, message: error.message };
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  // No HTTP status when the server cannot be reached at all: reported as 502 (bad gateway).
  return { type: 'http_error', code: 502, message: `Could not reach the MCP server: ${detail}` };
}

/** The text of a `tools/call` result: its text parts joined, else the structured content as JSON. */
export function resultText(result: { content?: unknown; structuredContent?: unknown }): string {
  const parts = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
  const texts = parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string);
  if (texts.length) return texts.join('\n');
  if (result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.length ? JSON.stringify(parts) : '';
}

/** One MCP server of one session. */
export class McpConnection {
  #client: Client | null = null;
  #connecting: Promise<Client> | null = null;
  #closed = false;

  constructor(readonly config: McpToolConfig) {}

  /** The server's tools (every tool: `allowed_tools` is applied by the caller). */
  async listTools(): Promise<McpListedTool[]> {
    const client = await this.#connect();
    try {
      const tools: McpListedTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: REQUEST_TIMEOUT_MS });
        for (const t of page.tools)
          tools.push({
            name: t.name,
            ...(t.description !== undefined ? { description: t.description } : {}),
            input_schema: t.inputSchema as Record<string, unknown>,
            ...(t.annotations ? { annotations: t.annotations as Record<string, unknown> } : {}),
          });
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    } catch (error) {
      this.#dropIfTransport(error);
      throw error;
    }
  }

  /** Call a tool; never throws. */
  async callTool(name: string, args: Record<string, unknown>): Promise<McpCallOutcome> {
    const hadSession = this.#client !== null;
    const outcome = await this.#callOnce(name, args);
    // 404 on a session the server no longer knows (it restarted): start a new session, once (MCP spec).
    const expired = 'error' in outcome && outcome.error.type === 'http_error' && outcome.error.code === 404;
    return hadSession && expired ? this.#callOnce(name, args) : outcome;
  }

  async #callOnce(name: string, args: Record<string, unknown>): Promise<McpCallOutcome> {
    try {
      const client = await this.#connect();
      const result = await client.callTool({ name, arguments: args }, undefined, {
        timeout: REQUEST_TIMEOUT_MS,
      });
      const text = resultText(result as { content?: unknown; structuredContent?: unknown });
      if (result.isError)
        return { error: { type: 'tool_execution_error', message: text || `Tool '${name}' failed.` } };
      return { output: text };
    } catch (error) {
      this.#dropIfTransport(error);
      return { error: classifyMcpError(error) };
    }
  }

  /** Close the connection (no more calls). */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    this.#connecting = null;
    await client?.close().catch(() => {});
  }

  #connect(): Promise<Client> {
    if (this.#closed) return Promise.reject(new Error('MCP connection closed'));
    if (this.#client) return Promise.resolve(this.#client);
    if (this.#connecting) return this.#connecting;
    const url = this.config.server_url;
    if (!url)
      return Promise.reject(
        new Error(`connector '${this.config.connector_id}' is not available in the emulator`),
      );
    const headers: Record<string, string> = { ...(this.config.headers ?? {}) };
    if (this.config.authorization) headers.Authorization = `Bearer ${this.config.authorization}`;
    const transport = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers },
      // A dropped event stream is not retried in the background: the next request reconnects.
      reconnectionOptions: {
        maxRetries: 0,
        initialReconnectionDelay: 1000,
        maxReconnectionDelay: 1000,
        reconnectionDelayGrowFactor: 1,
      },
    });
    const client = new Client({ name: 'realtime-emulator', version: '0.1.0' });
    // Errors of the background event stream (the server went away) surface on the next request.
    client.onerror = () => {};
    this.#connecting = client
      .connect(transport, { timeout: REQUEST_TIMEOUT_MS })
      .then(() => {
        this.#connecting = null;
        if (this.#closed) {
          void client.close().catch(() => {});
          throw new Error('MCP connection closed');
        }
        this.#client = client;
        return client;
      })
      .catch((error: unknown) => {
        this.#connecting = null;
        void client.close().catch(() => {});
        throw error;
      });
    return this.#connecting;
  }

  /** A transport failure (not a JSON-RPC error) makes the next use reconnect. */
  #dropIfTransport(error: unknown): void {
    if (error instanceof McpError && error.code !== -32001) return;
    const client = this.#client;
    this.#client = null;
    void client?.close().catch(() => {});
  }
}
