/**
 * Acceptance: the official `@openai/agents-realtime` client (its zod schemas validate every MCP
 * event and item we send) uses a hosted MCP tool through the emulator against a real MCP server:
 * tools listed, a call without approval, an approved call and a rejected one. The client runs in a
 * plain Node process (see test/agents-realtime-mcp-client.mjs).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChildReport } from '../child-report.js';
import { type Emulator, startEmulator } from '../emulator.js';
import { type McpTestServer, startMcpTestServer } from '../mcp-test-server.js';

let emu: Emulator;
let mcp: McpTestServer;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' } });
  mcp = await startMcpTestServer();
});
afterAll(async () => {
  await mcp.close();
  await emu.close();
});

const script = fileURLToPath(new URL('../../test/agents-realtime-mcp-client.mjs', import.meta.url));

const runClient = () => runChildReport(script, [`${emu.wsUrl}?model=gpt-realtime`, mcp.url], 40_000);

describe('@openai/agents-realtime with a hosted MCP tool', () => {
  it('lists the tools, calls one, and runs an approved call but not a rejected one', async () => {
    const out = await runClient();
    expect(out.failure).toBeUndefined();
    expect(out.never.errors).toEqual([]);
    expect(out.never.toolsChanged.at(-1)).toEqual(['delete_file', 'roll_dice']);
    expect(out.never.completed).toEqual(['roll_dice:You rolled a 4 on a 20-sided die.']);
    expect(out.never.history).toEqual([
      'user:Roll the dice with 20 sides',
      'mcp_call:roll_dice:You rolled a 4 on a 20-sided die.',
      'assistant:Here is what roll_dice returned: You rolled a 4 on a 20-sided die.',
    ]);
    expect(out.always.errors).toEqual([]);
    expect(out.always.approvals).toBe(2);
    expect(out.always.completed).toEqual(['delete_file:Deleted budget.']);
    expect(out.always.history).toEqual([
      'user:Delete the file about budget',
      'mcp_approval_request:delete_file',
      'mcp_call:delete_file:Deleted budget.',
      'assistant:Here is what delete_file returned: Deleted budget.',
      'user:Delete the file about taxes',
      'mcp_approval_request:delete_file',
      'assistant:I was not allowed to run delete_file, so I did not.',
    ]);
    // The emulator runs an approved call on the client's response.create; agents-realtime 0.20 sends none.
    expect(out.ranWithoutResponseCreate).toBe(false);
    expect(mcp.calls).toEqual([
      { name: 'roll_dice', arguments: { sides: 20 } },
      { name: 'delete_file', arguments: { path: 'budget' } },
    ]);
  }, 60_000);
});
