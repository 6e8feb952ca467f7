/**
 * A real MCP server for tests: the official SDK's `McpServer` over Streamable HTTP (stateless, a
 * fresh server and transport per request; or `stateful`, with MCP sessions and the client's event
 * stream) on 127.0.0.1 and a free port, with two tools —
 * `roll_dice` (`{sides?}`, default 6 → "You rolled a 4 on a 6-sided die.") and `delete_file` (`{path}` →
 * "Deleted notes.txt."; a path containing `protected` fails with `isError`). It records every tool call
 * and the headers of every request, so a test can assert what reached the server. A call of an
 * unknown tool gets a JSON-RPC error (-32602), as the MCP spec shows.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** A tool call the server received. */
export interface RecordedMcpCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** A running test MCP server. */
export interface McpTestServer {
  /** The Streamable HTTP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Tool calls received, in order. */
  calls: RecordedMcpCall[];
  /** Headers of every POST received (lower-case names). */
  requests: Array<IncomingMessage['headers']>;
  /** Answer every later request with this HTTP status (an unhealthy server). */
  failWith(status: number): void;
  /** Stop listening and cut open connections (the server "goes away"); its MCP sessions are gone. */
  close(): Promise<void>;
  /** Close, then listen again on the same port (a server that came back, with no old sessions). */
  restart(): Promise<void>;
}

const TOOLS = ['roll_dice', 'delete_file'];

/** Options of {@link startMcpTestServer}. */
export interface McpTestServerOptions {
  /** Each tool takes this long before it answers (after the call is recorded). @default 0 */
  toolDelayMs?: number;
  /**
   * Keep MCP sessions (`Mcp-Session-Id`, the client's GET event stream) like most deployed servers,
   * instead of a fresh server per request. @default false
   */
  stateful?: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function buildServer(calls: RecordedMcpCall[], delayMs: number): McpServer {
  const server = new McpServer({ name: 'emulator-test-tools', version: '1.0.0' });
  server.registerTool(
    'roll_dice',
    {
      description: 'Roll a die with the given number of sides and return the result.',
      inputSchema: { sides: z.number().int().min(2).default(6).describe('How many sides the die has') },
      annotations: { readOnlyHint: true },
    },
    async ({ sides }) => {
      calls.push({ name: 'roll_dice', arguments: { sides } });
      await pause(delayMs);
      const rolled = Math.min(4, sides);
      return { content: [{ type: 'text', text: `You rolled a ${rolled} on a ${sides}-sided die.` }] };
    },
  );
  server.registerTool(
    'delete_file',
    {
      description: 'Delete a file from the workspace.',
      inputSchema: { path: z.string().describe('Path of the file to delete') },
      annotations: { destructiveHint: true },
    },
    async ({ path }) => {
      calls.push({ name: 'delete_file', arguments: { path } });
      await pause(delayMs);
      if (path.includes('protected'))
        return {
          isError: true,
          content: [{ type: 'text', text: `Permission denied: ${path} is protected.` }],
        };
      return { content: [{ type: 'text', text: `Deleted ${path}.` }] };
    },
  );
  return server;
}

/** Per running instance: the MCP sessions of a stateful server. */
interface Instance {
  sessions: Map<string, StreamableHTTPServerTransport>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  calls: RecordedMcpCall[],
  options: McpTestServerOptions,
  instance: Instance,
): Promise<void> {
  const sessionId = req.headers['mcp-session-id'];
  const known = typeof sessionId === 'string' ? instance.sessions.get(sessionId) : undefined;
  if (req.method !== 'POST') {
    // Stateful: the client's event stream (GET) and session end (DELETE) go to its transport.
    if (known) await known.handleRequest(req, res);
    else res.writeHead(options.stateful ? 404 : 405, { Allow: 'POST' }).end();
    return;
  }
  let body: unknown;
  try {
    body = await readJson(req);
  } catch {
    res.writeHead(400).end();
    return;
  }
  // The MCP spec's answer to an unknown tool is a JSON-RPC error (McpServer itself answers isError).
  const rpc = body as { id?: unknown; method?: string; params?: { name?: string } };
  if (rpc.method === 'tools/call' && !TOOLS.includes(rpc.params?.name ?? '')) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: rpc.id,
        error: { code: -32602, message: `Unknown tool: ${rpc.params?.name}` },
      }),
    );
    return;
  }
  if (known) {
    await known.handleRequest(req, res, body);
    return;
  }
  if (options.stateful && rpc.method !== 'initialize') {
    res.writeHead(404).end(); // an unknown or expired session
    return;
  }
  const server = buildServer(calls, options.toolDelayMs ?? 0);
  const transport = new StreamableHTTPServerTransport(
    options.stateful
      ? {
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            instance.sessions.set(id, transport);
          },
        }
      : { sessionIdGenerator: undefined },
  );
  if (!options.stateful)
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/**
 * Start the test MCP server.
 * @example
 * const mcp = await startMcpTestServer();
 * // session.update tools: [{ type: 'mcp', server_label: 'dice', server_url: mcp.url, require_approval: 'never' }]
 * await mcp.close();
 */
export async function startMcpTestServer(options: McpTestServerOptions = {}): Promise<McpTestServer> {
  const calls: RecordedMcpCall[] = [];
  const requests: Array<IncomingMessage['headers']> = [];
  let failStatus = 0;
  let instance: Instance = { sessions: new Map() };
  const http = createServer((req, res) => {
    if (req.method === 'POST') requests.push(req.headers);
    if (failStatus) {
      res.writeHead(failStatus, { 'Content-Type': 'text/plain' }).end('unavailable');
      return;
    }
    handle(req, res, calls, options, instance).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const t of instance.sessions.values()) void t.close();
      instance = { sessions: new Map() };
      if (!http.listening) return resolve();
      http.close(() => resolve());
      http.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    requests,
    failWith: (status) => {
      failStatus = status;
    },
    close,
    restart: async () => {
      await close();
      await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    },
  };
}
