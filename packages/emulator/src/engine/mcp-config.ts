/**
 * Hosted MCP tool entries of a session's `tools` (protocol §4.5): their shape check, which listed
 * tools `allowed_tools` lets through, which calls `require_approval` holds for the client, and the
 * part of an entry whose change means the server's tools must be listed again.
 * @module
 */
import { apiErrors } from './api-error.js';

/** A tool-name filter: a list of names, or `{tool_names?, read_only?}`. */
export type McpToolFilter = string[] | { tool_names?: string[]; read_only?: boolean };

/** `{type:"mcp", …}` in `session.tools` / `response.tools`. */
export interface McpToolConfig {
  type: 'mcp';
  server_label: string;
  server_url?: string;
  connector_id?: string;
  authorization?: string;
  headers?: Record<string, string> | null;
  allowed_tools?: McpToolFilter | null;
  require_approval?: 'always' | 'never' | { always?: McpToolFilter; never?: McpToolFilter } | null;
  server_description?: string;
}

/** One tool of an MCP server as the `mcp_list_tools` item carries it. */
export interface McpListedTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

const KEYS = new Set([
  'type',
  'server_label',
  'server_url',
  'connector_id',
  'authorization',
  'headers',
  'allowed_tools',
  'require_approval',
  'server_description',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFilter(v: unknown, param: string): void {
  if (v === undefined || v === null) return;
  if (Array.isArray(v)) {
    if (!v.every((n) => typeof n === 'string')) throw apiErrors.invalidType(param, 'an array of strings', v);
    return;
  }
  if (!isObj(v)) throw apiErrors.invalidType(param, 'an array or an object', v);
  for (const key of Object.keys(v))
    if (key !== 'tool_names' && key !== 'read_only') throw apiErrors.unknownParameter(`${param}.${key}`);
  if (v.tool_names !== undefined) checkFilter(v.tool_names, `${param}.tool_names`);
  if (v.read_only !== undefined && typeof v.read_only !== 'boolean')
    throw apiErrors.invalidType(`${param}.read_only`, 'a boolean', v.read_only);
}

/** Check one `{type:"mcp"}` entry of a tools array; throws a RealtimeApiError naming the field. */
export function checkMcpTool(tool: Obj, p: string): void {
  for (const key of Object.keys(tool)) if (!KEYS.has(key)) throw apiErrors.unknownParameter(`${p}.${key}`);
  if (tool.server_label === undefined) throw apiErrors.missingParameter(`${p}.server_label`);
  if (typeof tool.server_label !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(tool.server_label))
    throw apiErrors.invalidValue(`${p}.server_label`, tool.server_label);
  if (tool.server_url === undefined && tool.connector_id === undefined)
    throw apiErrors.missingParameter(`${p}.server_url`);
  if (tool.server_url !== undefined) {
    if (typeof tool.server_url !== 'string')
      throw apiErrors.invalidType(`${p}.server_url`, 'a string', tool.server_url);
    let url: URL | null = null;
    try {
      url = new URL(tool.server_url);
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw apiErrors.invalidValue(`${p}.server_url`, tool.server_url);
  }
  for (const key of ['connector_id', 'authorization', 'server_description'])
    if (tool[key] !== undefined && typeof tool[key] !== 'string')
      throw apiErrors.invalidType(`${p}.${key}`, 'a string', tool[key]);
  if (tool.headers !== undefined && tool.headers !== null) {
    if (!isObj(tool.headers) || !Object.values(tool.headers).every((v) => typeof v === 'string'))
      throw apiErrors.invalidType(`${p}.headers`, 'an object of strings', tool.headers);
  }
  checkFilter(tool.allowed_tools, `${p}.allowed_tools`);
  const ra = tool.require_approval;
  if (ra === undefined || ra === null || ra === 'always' || ra === 'never') return;
  if (!isObj(ra)) throw apiErrors.invalidValue(`${p}.require_approval`, ra, ['always', 'never']);
  for (const key of Object.keys(ra))
    if (key !== 'always' && key !== 'never') throw apiErrors.unknownParameter(`${p}.require_approval.${key}`);
  checkFilter(ra.always, `${p}.require_approval.always`);
  checkFilter(ra.never, `${p}.require_approval.never`);
}

/** The MCP entries of a tools array (later entries with the same label win). */
export function mcpConfigs(tools: readonly unknown[] | undefined): Map<string, McpToolConfig> {
  const out = new Map<string, McpToolConfig>();
  for (const t of tools ?? [])
    if (isObj(t) && t.type === 'mcp') out.set(t.server_label as string, t as unknown as McpToolConfig);
  return out;
}

/** What, when it changes, means the tools must be listed again (not `require_approval`). */
export function listingKey(c: McpToolConfig): string {
  return JSON.stringify([
    c.server_url,
    c.connector_id,
    c.headers ?? null,
    c.authorization ?? null,
    c.allowed_tools ?? null,
  ]);
}

function matches(filter: McpToolFilter | undefined, tool: McpListedTool): boolean {
  if (!filter) return false;
  const names = Array.isArray(filter) ? filter : filter.tool_names;
  const readOnly = Array.isArray(filter) ? undefined : filter.read_only;
  if (names && !names.includes(tool.name)) return false;
  if (readOnly !== undefined && Boolean(tool.annotations?.readOnlyHint) !== readOnly) return false;
  return names !== undefined || readOnly !== undefined;
}

/** Whether `allowed_tools` (absent: every tool) lets this tool through. */
export function isAllowed(c: McpToolConfig, tool: McpListedTool): boolean {
  return c.allowed_tools ? matches(c.allowed_tools, tool) : true;
}

/**
 * Whether a call of `tool` needs the client's approval first. Absent `require_approval` means
 * `"always"`; with the object form, a tool named in neither list needs approval too.
 */
export function needsApproval(c: McpToolConfig, tool: McpListedTool): boolean {
  const ra = c.require_approval;
  if (ra === 'never') return false;
  if (ra === undefined || ra === null || ra === 'always') return true;
  if (matches(ra.never, tool)) return false;
  return true;
}
