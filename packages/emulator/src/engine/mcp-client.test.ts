/** How MCP results and failures become the `output` / `error` of an `mcp_call` item. */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { classifyMcpError, resultText } from './mcp-client.js';

describe('mcp client', () => {
  it('output: text parts joined; else structured content; else the parts as JSON', () => {
    expect(
      resultText({
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', data: 'xx', mimeType: 'image/png' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('a\nb');
    expect(resultText({ content: [], structuredContent: { n: 4 } })).toBe('{"n":4}');
    expect(resultText({ content: [{ type: 'image', data: 'xx', mimeType: 'image/png' }] })).toBe(
      '[{"type":"image","data":"xx","mimeType":"image/png"}]',
    );
    expect(resultText({})).toBe('');
  });

  it('errors: JSON-RPC → protocol_error, HTTP status → http_error, unreachable → http_error 502', () => {
    expect(classifyMcpError(new McpError(-32602, 'Unknown tool: x'))).toEqual({
      type: 'protocol_error',
      code: -32602,
      message: 'MCP error -32602: Unknown tool: x',
    });
    expect(classifyMcpError(new StreamableHTTPError(503, 'Service Unavailable'))).toEqual({
      type: 'http_error',
      code: 503,
      message: 'Streamable HTTP error: Service Unavailable',
    });
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(classifyMcpError(refused)).toEqual({
      type: 'http_error',
      code: 502,
      message: 'Could not reach the MCP server: connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});
