// Hosted MCP in the demo: the backend runs a real MCP server (the MCP SDK's, on 127.0.0.1) beside
// the emulator, the greeter has it as a hostedMcpTool (roll_dice runs without asking, delete_file
// waits for approval), and the emulator lists and calls it. The MCP card shows the listed tools and
// every call; its Approve / Reject answer the server's approval requests.
import { type DemoPage, expect, TRANSPORTS, test } from './fixtures.js';

/** The MCP card and its parts, by the demo's testids. */
function mcpCard(demo: DemoPage) {
  const card = demo.byTestId('mcp-card');
  const calls = card.getByTestId('mcp-call');
  return {
    card,
    state: card.getByTestId('mcp-state'),
    tools: card.getByTestId('mcp-tool'),
    calls,
    /** The newest call of `tool` (entries are prepended). */
    call: (tool: string) => card.locator(`[data-testid="mcp-call"][data-tool="${tool}"]`).first(),
  };
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    // Five spoken answers in one session: ~20 s alone, and near the suite's 40 s on a loaded machine.
    test.describe.configure({ timeout: 90_000 });
    test('the MCP card lists the tools; roll_dice runs at once, delete_file asks: approve, then reject', async ({
      demo,
    }) => {
      const mcp = mcpCard(demo);
      await expect(mcp.card).toBeVisible();
      await expect(mcp.card.getByTestId('mcp-server')).toHaveText('files');
      await expect(mcp.state).toHaveText('2 tools listed');
      await expect(mcp.state).toHaveAttribute('role', 'status');
      await expect(mcp.tools).toHaveCount(2);
      const roll = mcp.card.locator('[data-testid="mcp-tool"][data-tool="roll_dice"]');
      const del = mcp.card.locator('[data-testid="mcp-tool"][data-tool="delete_file"]');
      await expect(roll).toHaveAttribute('data-approval', 'never');
      await expect(roll).toContainText('Roll a die with the given number of sides');
      await expect(del).toHaveAttribute('data-approval', 'always');
      await expect(del).toContainText('asks for approval');
      await expect(mcp.calls).toHaveCount(0);
      await expect(mcp.card.getByTestId('mcp-calls')).toHaveAttribute('aria-live', 'polite');

      // 1. No approval needed: the emulator calls the MCP server and the card shows its real output.
      await demo.say('Roll the dice with 20 sides');
      const rolled = mcp.call('roll_dice');
      await expect(rolled).toHaveAttribute('data-status', 'done');
      await expect(rolled.getByTestId('mcp-call-status')).toHaveText('done');
      expect(await demo.json(rolled.getByTestId('mcp-call-args'))).toEqual({ sides: 20 });
      await expect(rolled.getByTestId('mcp-call-output')).toContainText('You rolled a 4 on a 20-sided die.');
      await expect(rolled.getByRole('button')).toHaveCount(0);
      await demo.waitForEntry(
        'assistant',
        'Here is what roll_dice returned: You rolled a 4 on a 20-sided die',
      );
      // an MCP call is the MCP card's, not a function-tool card
      await expect(demo.toolCalls.getByTestId('tool-card')).toHaveCount(0);

      // 2. delete_file waits for approval; nothing is called until Approve.
      await demo.say('Delete the file about notes');
      const notes = mcp.call('delete_file');
      await expect(notes).toHaveAttribute('data-status', 'awaiting approval');
      expect(await demo.json(notes.getByTestId('mcp-call-args'))).toEqual({ path: 'notes' });
      await expect(notes.getByRole('group', { name: 'Approve or reject delete_file' })).toBeVisible();
      await expect(notes.getByTestId('mcp-call-output')).toHaveCount(0);
      // no call entry of its own (a call made without approval would add one)
      await expect(mcp.calls).toHaveCount(2);
      await expect(mcp.card.locator('[data-testid="mcp-call"][data-status="done"]')).toHaveCount(1);
      await notes.getByRole('button', { name: 'Approve' }).click();
      await expect(notes).toHaveAttribute('data-status', 'done');
      await expect(notes.getByRole('button')).toHaveCount(0);
      await expect(notes.getByTestId('mcp-call-output')).toContainText('Deleted notes.');
      await demo.waitForEntry('assistant', 'Here is what delete_file returned: Deleted notes.');
      await expect(mcp.calls).toHaveCount(2);

      // 3. Another delete_file, rejected: the server is never called and the agent says so.
      await demo.say('Delete the file about taxes');
      const taxes = mcp.call('delete_file');
      await expect(taxes).toHaveAttribute('data-status', 'awaiting approval');
      expect(await demo.json(taxes.getByTestId('mcp-call-args'))).toEqual({ path: 'taxes' });
      await taxes.getByRole('button', { name: 'Reject' }).click();
      await expect(taxes).toHaveAttribute('data-status', 'rejected');
      await expect(taxes.getByRole('button')).toHaveCount(0);
      await expect(taxes.getByTestId('mcp-call-note')).toHaveText('Rejected: the MCP server was not called.');
      await demo.waitForEntry(
        'assistant',
        'I was not allowed to run delete_file (The user rejected this call in the demo UI.), so I did not.',
      );
      await expect(taxes.getByTestId('mcp-call-output')).toHaveCount(0);
      await expect(mcp.calls).toHaveCount(3);
      await expect(mcp.card.locator('[data-testid="mcp-call"][data-status="done"]')).toHaveCount(2);
      await expect(demo.status).toHaveAttribute('data-state', 'connected');
    });
  });
}

test('a call the MCP server fails shows its error, and the session goes on', async ({ demo }) => {
  const mcp = mcpCard(demo);
  await expect(mcp.state).toHaveText('2 tools listed');
  await demo.say('Delete the file about protected things');
  const call = mcp.call('delete_file');
  await call.getByRole('button', { name: 'Approve' }).click();
  await expect(call).toHaveAttribute('data-status', 'error');
  await expect(call.getByTestId('mcp-call-error')).toContainText('tool_execution_error');
  await expect(call.getByTestId('mcp-call-error')).toContainText('Permission denied: protected things');
  await demo.waitForEntry('assistant', 'The delete_file tool failed: Permission denied');
  await demo.say('Roll the dice');
  await expect(mcp.call('roll_dice')).toHaveAttribute('data-status', 'done');
});

test('a new session starts with a fresh MCP card', async ({ demo }) => {
  const mcp = mcpCard(demo);
  await demo.say('Roll the dice');
  await expect(mcp.call('roll_dice')).toHaveAttribute('data-status', 'done');
  await demo.disconnect();
  await demo.connect();
  await expect(mcp.state).toHaveText('2 tools listed');
  await expect(mcp.calls).toHaveCount(0);
});
