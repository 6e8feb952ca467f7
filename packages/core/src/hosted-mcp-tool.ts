/**
 * `hostedMcpTool`: a remote MCP server that the Realtime API (or the emulator) connects to and calls
 * itself; the client only configures it, sees its events and answers its approval requests.
 * @module
 */
import { ConfigError } from './errors.js';
import { McpEvents, type McpEventsDeps, type McpObserver } from './mcp-events.js';
import type { McpRequireApproval, McpTool } from './protocol/session-config.js';

/** Which tools need approval: all, none, or named lists. */
export type HostedMcpApproval = 'never' | 'always' | { always?: string[]; never?: string[] };

export interface HostedMcpToolOptions {
  /** Names the server in events, items and approvals; letters, digits, `_` and `-`. */
  serverLabel: string;
  /** `http:` or `https:` URL of a Streamable HTTP MCP server. */
  serverUrl: string;
  /** Only these of the server's tools are listed and callable (default: all). */
  allowedTools?: string[];
  /** Default `'always'`, as in the API: every call waits for `approveTool`/`rejectTool`. */
  requireApproval?: HostedMcpApproval;
  /** Extra HTTP headers sent to the MCP server (e.g. an API key). */
  headers?: Record<string, string>;
  /** OAuth access token sent as `Authorization` to the MCP server. */
  authorization?: string;
  /** Told to the model about what the server is for. */
  serverDescription?: string;
  /**
   * Ask the model to answer when a response ended with this server's call (its output not yet
   * spoken about). A response that already went on past the call is left alone.
   * @default true
   */
  answerAfterCall?: boolean;
}

/** A hosted MCP tool as an agent holds it. */
export interface HostedMcpTool {
  readonly type: 'hosted_mcp';
  readonly serverLabel: string;
  /** The tool exactly as sent in the session's `tools`. */
  readonly wire: McpTool;
  /** See {@link HostedMcpToolOptions.answerAfterCall}. */
  readonly answerAfterCall: boolean;
  /**
   * @internal The session's handling of MCP items and events. It lives here so that an app without
   * hosted MCP tools does not bundle it.
   */
  readonly observer: (deps: McpEventsDeps) => McpObserver;
}

const observer = (deps: McpEventsDeps): McpObserver => new McpEvents(deps);

const LABEL = /^[A-Za-z0-9_-]{1,64}$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/**
 * A remote MCP server for an agent's `tools`; sent as `{type:"mcp", server_label, server_url, …}`.
 * @example
 * const docs = hostedMcpTool({ serverLabel: 'docs', serverUrl: 'https://mcp.example.com/mcp', requireApproval: 'never' });
 * const agent = new RealtimeAgent({ name: 'Helper', tools: [docs] });
 */
export function hostedMcpTool(options: HostedMcpToolOptions): HostedMcpTool {
  if (!options || typeof options !== 'object') {
    throw new ConfigError(
      'hostedMcpTool',
      'hostedMcpTool needs an options object with serverLabel and serverUrl',
    );
  }
  const { serverLabel, serverUrl } = options;
  if (typeof serverLabel !== 'string' || !LABEL.test(serverLabel)) {
    throw new ConfigError(
      'hostedMcpTool.serverLabel',
      `hostedMcpTool: serverLabel ${JSON.stringify(serverLabel)} is not allowed; use 1-64 letters, digits, '_' or '-', e.g. 'docs'`,
    );
  }
  // core has no DOM or Node types, so no URL class: a scheme and a non-empty host is the check.
  if (typeof serverUrl !== 'string' || !HTTP_URL.test(serverUrl)) {
    throw new ConfigError(
      'hostedMcpTool.serverUrl',
      `hostedMcpTool '${serverLabel}': serverUrl ${JSON.stringify(serverUrl)} must be an http: or https: URL, e.g. 'https://mcp.example.com/mcp'`,
    );
  }
  const wire: McpTool = { type: 'mcp', server_label: serverLabel, server_url: serverUrl };
  if (options.allowedTools !== undefined) {
    wire.allowed_tools = names(options.allowedTools, `${serverLabel}`, 'allowedTools');
  }
  wire.require_approval = approval(options.requireApproval ?? 'always', serverLabel);
  if (options.headers !== undefined) wire.headers = headers(options.headers, serverLabel);
  if (options.authorization !== undefined) {
    if (typeof options.authorization !== 'string' || options.authorization === '') {
      throw new ConfigError(
        'hostedMcpTool.authorization',
        `hostedMcpTool '${serverLabel}': authorization must be a non-empty string (an OAuth access token)`,
      );
    }
    wire.authorization = options.authorization;
  }
  if (options.serverDescription !== undefined) wire.server_description = String(options.serverDescription);
  const answerAfterCall = options.answerAfterCall ?? true;
  if (typeof answerAfterCall !== 'boolean')
    throw new ConfigError(
      'hostedMcpTool.answerAfterCall',
      `hostedMcpTool '${serverLabel}': answerAfterCall must be true or false, got ${JSON.stringify(answerAfterCall)}`,
    );
  return { type: 'hosted_mcp', serverLabel, wire, answerAfterCall, observer };
}

/** True for a value made by `hostedMcpTool`. */
export function isHostedMcpTool(x: unknown): x is HostedMcpTool {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'hosted_mcp';
}

function names(v: unknown, label: string, option: string): string[] {
  if (!Array.isArray(v) || v.some((n) => typeof n !== 'string' || n === '')) {
    throw new ConfigError(
      `hostedMcpTool.${option}`,
      `hostedMcpTool '${label}': ${option} must be an array of tool names (non-empty strings), got ${JSON.stringify(v)}`,
    );
  }
  return [...v];
}

function approval(v: HostedMcpApproval, label: string): McpRequireApproval {
  if (v === 'never' || v === 'always') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const extra = Object.keys(v).filter((k) => k !== 'always' && k !== 'never');
    if (extra.length === 0) {
      const out: { always?: { tool_names: string[] }; never?: { tool_names: string[] } } = {};
      if (v.always !== undefined)
        out.always = { tool_names: names(v.always, label, 'requireApproval.always') };
      if (v.never !== undefined) out.never = { tool_names: names(v.never, label, 'requireApproval.never') };
      return out;
    }
  }
  throw new ConfigError(
    'hostedMcpTool.requireApproval',
    `hostedMcpTool '${label}': requireApproval ${JSON.stringify(v)} is not allowed; use 'never', 'always' or { always?: string[], never?: string[] }`,
  );
}

function headers(v: unknown, label: string): Record<string, string> {
  if (
    typeof v !== 'object' ||
    v === null ||
    Array.isArray(v) ||
    Object.values(v).some((h) => typeof h !== 'string')
  ) {
    throw new ConfigError(
      'hostedMcpTool.headers',
      `hostedMcpTool '${label}': headers must be an object of string values, e.g. { 'x-api-key': '…' }`,
    );
  }
  return { ...(v as Record<string, string>) };
}
