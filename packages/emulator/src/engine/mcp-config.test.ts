/** `{type:"mcp"}` tool entries: shape checks, allowed_tools, require_approval, what forces a new listing. */
import { describe, expect, it } from 'vitest';
import { RealtimeApiError } from './api-error.js';
import {
  checkMcpTool,
  isAllowed,
  listingKey,
  type McpListedTool,
  type McpToolConfig,
  mcpConfigs,
  needsApproval,
} from './mcp-config.js';

const dice: McpListedTool = { name: 'roll_dice', input_schema: {}, annotations: { readOnlyHint: true } };
const del: McpListedTool = { name: 'delete_file', input_schema: {} };
const base: McpToolConfig = { type: 'mcp', server_label: 'ws', server_url: 'http://127.0.0.1:1/mcp' };

function problem(tool: Record<string, unknown>): { code: string | null; param: string | null } {
  try {
    checkMcpTool(tool, 'session.tools[0]');
  } catch (e) {
    if (e instanceof RealtimeApiError) return { code: e.code, param: e.param };
    throw e;
  }
  return { code: 'ok', param: null };
}

describe('mcp tool config', () => {
  it('accepts the documented fields and names the first wrong one', () => {
    expect(
      problem({
        ...base,
        headers: { 'X-A': 'b' },
        authorization: 't',
        allowed_tools: ['roll_dice'],
        require_approval: { never: { tool_names: ['roll_dice'] } },
        server_description: 'Dice',
      }),
    ).toEqual({ code: 'ok', param: null });
    expect(problem({ type: 'mcp', server_label: 'ws', connector_id: 'connector_gmail' }).code).toBe('ok');
    expect(problem({ type: 'mcp', server_label: 'ws' })).toEqual({
      code: 'missing_required_parameter',
      param: 'session.tools[0].server_url',
    });
    expect(problem({ ...base, server_label: 'has space' }).param).toBe('session.tools[0].server_label');
    expect(problem({ ...base, server_url: 'ftp://x' }).param).toBe('session.tools[0].server_url');
    expect(problem({ ...base, headers: { a: 1 } }).param).toBe('session.tools[0].headers');
    expect(problem({ ...base, allowed_tools: [1] }).param).toBe('session.tools[0].allowed_tools');
    expect(problem({ ...base, allowed_tools: { names: [] } }).param).toBe(
      'session.tools[0].allowed_tools.names',
    );
    expect(problem({ ...base, require_approval: { sometimes: {} } }).param).toBe(
      'session.tools[0].require_approval.sometimes',
    );
  });

  it('allowed_tools: absent lets all through; names; read_only by annotation', () => {
    expect([dice, del].filter((t) => isAllowed(base, t))).toEqual([dice, del]);
    expect([dice, del].filter((t) => isAllowed({ ...base, allowed_tools: ['delete_file'] }, t))).toEqual([
      del,
    ]);
    expect([dice, del].filter((t) => isAllowed({ ...base, allowed_tools: { read_only: true } }, t))).toEqual([
      dice,
    ]);
    expect(
      [dice, del].filter((t) => isAllowed({ ...base, allowed_tools: { tool_names: ['roll_dice'] } }, t)),
    ).toEqual([dice]);
  });

  it('require_approval: absent and "always" ask, "never" does not, per-tool never lists exempt', () => {
    expect(needsApproval(base, dice)).toBe(true);
    expect(needsApproval({ ...base, require_approval: 'always' }, dice)).toBe(true);
    expect(needsApproval({ ...base, require_approval: 'never' }, del)).toBe(false);
    const perTool: McpToolConfig = {
      ...base,
      require_approval: { never: { tool_names: ['roll_dice'] }, always: { tool_names: ['delete_file'] } },
    };
    expect(needsApproval(perTool, dice)).toBe(false);
    expect(needsApproval(perTool, del)).toBe(true);
    expect(needsApproval({ ...base, require_approval: { never: ['roll_dice'] } }, { ...del })).toBe(true);
  });

  it('a new listing for server, headers, authorization or allowed_tools changes; not for require_approval', () => {
    const key = listingKey(base);
    expect(listingKey({ ...base, require_approval: 'never', server_description: 'x' })).toBe(key);
    for (const change of [
      { server_url: 'http://127.0.0.1:2/mcp' },
      { headers: { a: 'b' } },
      { authorization: 'tok' },
      { allowed_tools: ['roll_dice'] },
    ])
      expect(listingKey({ ...base, ...change })).not.toBe(key);
  });

  it('mcpConfigs picks the MCP entries of a tools array by label', () => {
    const map = mcpConfigs([{ type: 'function', name: 'f' }, base, { ...base, server_label: 'other' }]);
    expect([...map.keys()]).toEqual(['ws', 'other']);
  });
});
