// Runs the official @openai/agents-realtime client with a hosted MCP tool (agents-core's
// hostedMcpTool) against an emulator URL (argv[2]) and a real MCP server (argv[3]), in a plain
// Node process, and prints one JSON line with what it saw. Used by src/engine/mcp-agents-realtime.test.ts.
// Two sessions: one whose server needs no approval, one that needs it (approved, then rejected).
import { createRequire } from 'node:module';
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { text, until } from './client-support.mjs';

// agents-core is agents-realtime's dependency, not ours: resolve it from there.
const require = createRequire(import.meta.url);
const core = await import(
  createRequire(require.resolve('@openai/agents-realtime')).resolve('@openai/agents-core')
);

const [url, mcpUrl] = process.argv.slice(2);

async function run(requireApproval, steps) {
  const agent = new RealtimeAgent({
    name: 'Helper',
    instructions: 'Be helpful.',
    tools: [core.hostedMcpTool({ serverLabel: 'workspace', serverUrl: mcpUrl, requireApproval })],
  });
  const session = new RealtimeSession(agent, { transport: 'websocket', model: 'gpt-realtime' });
  const seen = { errors: [], toolsChanged: [], completed: [], approvals: [] };
  session.on('error', (e) => seen.errors.push(String(e?.error?.message ?? e?.error ?? e)));
  session.on('mcp_tools_changed', (tools) => seen.toolsChanged.push(tools.map((t) => t.name).sort()));
  session.on('mcp_tool_call_completed', (_ctx, _agent, call) =>
    seen.completed.push(`${call.name}:${call.output}`),
  );
  session.on('tool_approval_requested', (_ctx, _agent, request) => seen.approvals.push(request));
  await session.connect({ apiKey: 'sk-test', url });
  await until(() => seen.toolsChanged.some((t) => t.length === 2));
  const assistantSays = (needle) =>
    session.history.some(
      (i) =>
        i.type === 'message' &&
        i.role === 'assistant' &&
        i.status === 'completed' &&
        text(i).includes(needle),
    );
  await steps(session, seen, assistantSays);
  seen.history = session.history.map((i) =>
    i.type === 'message'
      ? `${i.role}:${text(i)}`
      : i.type === 'mcp_call'
        ? `mcp_call:${i.name}:${i.output}`
        : `${i.type}:${i.name ?? ''}`,
  );
  seen.approvals = seen.approvals.length;
  session.close();
  return seen;
}

const out = { ok: false };
try {
  out.never = await run('never', async (session, _seen, assistantSays) => {
    session.sendMessage('Roll the dice with 20 sides');
    await until(() => assistantSays('Here is what roll_dice returned'));
  });
  out.always = await run('always', async (session, seen, assistantSays) => {
    session.sendMessage('Delete the file about budget');
    await until(() => seen.approvals.length === 1);
    await session.approve(seen.approvals[0].approvalItem);
    // agents-realtime sends no response.create after an approval: see whether the call runs anyway.
    out.ranWithoutResponseCreate = await until(() => seen.completed.length === 1, 1500).then(
      () => true,
      () => false,
    );
    if (!out.ranWithoutResponseCreate) session.transport.sendEvent({ type: 'response.create' });
    await until(() => assistantSays('Here is what delete_file returned'));
    session.sendMessage('Delete the file about taxes');
    await until(() => seen.approvals.length === 2);
    await session.reject(seen.approvals[1].approvalItem);
    session.transport.sendEvent({ type: 'response.create' });
    await until(() => assistantSays('I was not allowed to run delete_file'));
  });
  out.ok = true;
} catch (error) {
  out.failure = String(error?.stack ?? error);
}
console.log(JSON.stringify(out));
process.exit(0);
