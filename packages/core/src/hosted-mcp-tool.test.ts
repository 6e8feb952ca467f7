import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { buildSessionConfig } from './ga-config.js';
import { hostedMcpTool, isHostedMcpTool } from './hosted-mcp-tool.js';
import { resolveRunnerOptions } from './options.js';
import { tool } from './tool.js';

const url = 'http://127.0.0.1:1234/mcp';

describe('hostedMcpTool', () => {
  it('builds the wire tool the API expects, approval "always" by default', () => {
    const t = hostedMcpTool({ serverLabel: 'docs', serverUrl: url });
    expect(isHostedMcpTool(t)).toBe(true);
    expect(t.wire).toEqual({
      type: 'mcp',
      server_label: 'docs',
      server_url: url,
      require_approval: 'always',
    });
  });

  it('maps every option to its wire field', () => {
    const t = hostedMcpTool({
      serverLabel: 'shop-1',
      serverUrl: 'https://mcp.example.com/mcp',
      allowedTools: ['search', 'buy'],
      requireApproval: { always: ['buy'], never: ['search'] },
      headers: { 'x-api-key': 'k' },
      authorization: 'tok',
      serverDescription: 'A shop',
    });
    expect(t.wire).toEqual({
      type: 'mcp',
      server_label: 'shop-1',
      server_url: 'https://mcp.example.com/mcp',
      allowed_tools: ['search', 'buy'],
      require_approval: { always: { tool_names: ['buy'] }, never: { tool_names: ['search'] } },
      headers: { 'x-api-key': 'k' },
      authorization: 'tok',
      server_description: 'A shop',
    });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['empty label', { serverLabel: '', serverUrl: url }, 'hostedMcpTool.serverLabel', /letters, digits/],
    [
      'label with space',
      { serverLabel: 'my docs', serverUrl: url },
      'hostedMcpTool.serverLabel',
      /"my docs"/,
    ],
    ['no url', { serverLabel: 'd' }, 'hostedMcpTool.serverUrl', /http: or https:/],
    ['ws url', { serverLabel: 'd', serverUrl: 'ws://x/mcp' }, 'hostedMcpTool.serverUrl', /"ws:\/\/x\/mcp"/],
    [
      'allowedTools string',
      { serverLabel: 'd', serverUrl: url, allowedTools: 'a' },
      'hostedMcpTool.allowedTools',
      /array of tool names/,
    ],
    [
      'approval typo',
      { serverLabel: 'd', serverUrl: url, requireApproval: 'sometimes' },
      'hostedMcpTool.requireApproval',
      /'never', 'always'/,
    ],
    [
      'approval unknown key',
      { serverLabel: 'd', serverUrl: url, requireApproval: { maybe: ['a'] } },
      'hostedMcpTool.requireApproval',
      /maybe/,
    ],
    [
      'approval list not strings',
      { serverLabel: 'd', serverUrl: url, requireApproval: { always: [1] } },
      'hostedMcpTool.requireApproval.always',
      /array of tool names/,
    ],
    [
      'header not string',
      { serverLabel: 'd', serverUrl: url, headers: { a: 1 } },
      'hostedMcpTool.headers',
      /string values/,
    ],
    [
      'empty authorization',
      { serverLabel: 'd', serverUrl: url, authorization: '' },
      'hostedMcpTool.authorization',
      /non-empty/,
    ],
  ])('rejects %s, naming the option', (_, options, option, message) => {
    const err = (() => {
      try {
        hostedMcpTool(options as never);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).option).toBe(option);
    expect((err as ConfigError).message).toMatch(message);
  });
});

describe('hosted MCP tools on an agent', () => {
  const weather = tool({
    name: 'get_weather',
    description: 'Weather',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => city,
  });
  const docs = hostedMcpTool({ serverLabel: 'docs', serverUrl: url, requireApproval: 'never' });

  it('keeps function tools and MCP servers apart, and sends both in the session tools', () => {
    const agent = new RealtimeAgent({ name: 'A', tools: [weather, docs] });
    expect(agent.tools.map((t) => t.name)).toEqual(['get_weather']);
    expect(agent.mcpTools).toEqual([docs]);
    const config = buildSessionConfig({ options: resolveRunnerOptions({}), agent, instructions: '' });
    expect(config.tools?.map((t) => t.type)).toEqual(['function', 'mcp']);
    expect(config.tools?.[1]).toEqual(docs.wire);
    expect(config.tools?.[1]).not.toBe(docs.wire);
    expect(agent.clone({ name: 'B' }).mcpTools).toEqual([docs]);
  });

  it('rejects two MCP servers with one label', () => {
    expect(() => new RealtimeAgent({ name: 'A', tools: [docs, docs] })).toThrow(
      /two MCP servers labelled 'docs'/,
    );
  });
});
