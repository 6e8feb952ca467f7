/**
 * Hosted MCP tool calls inside a response (protocol §6.4, §6.6). When the model calls an MCP tool:
 *
 * - approval required (`require_approval`, default `"always"`): one `mcp_approval_request` output
 *   item (`response.output_item.added` → `conversation.item.added` → `response.output_item.done` →
 *   `conversation.item.done`); the response then ends. The client answers with an
 *   `mcp_approval_response` item and `response.create`: approved → that response runs the call;
 *   denied → the model says so.
 * - the call: `response.output_item.added` (`mcp_call`, `arguments: ""`) → `conversation.item.added`
 *   → `response.mcp_call_arguments.delta`… → `response.mcp_call_arguments.done` →
 *   `response.mcp_call.in_progress` → (`tools/call` over MCP) → `response.mcp_call.completed`
 *   (item `output`) | `response.mcp_call.failed` (item `error`) → `response.output_item.done` →
 *   `conversation.item.done`. The response ends with the call; the answer that uses the output comes
 *   with the next `response.create`, as after a function call.
 * @module
 */
import type { Item } from '@realtime-agents/core/protocol';
import type { BrainOutput } from '../brain/brain.js';
import { newId } from '../ids.js';
import type { McpCallOutcome } from './mcp-client.js';
import { type McpListedTool, needsApproval } from './mcp-config.js';
import type { McpServers } from './mcp-list-tools.js';

/** An MCP call to make: from the brain, or an approved request (`approvalRequestId`). */
export type McpCallOutput = Extract<BrainOutput, { type: 'mcp_call' }> & { approvalRequestId?: string };

/** What a call needs from its response (an output item open at a time, streaming, cancellation). */
export interface McpResponseOps {
  readonly responseId: string;
  /** True once the response finished or was cancelled. */
  readonly done: boolean;
  emit(event: Record<string, unknown>): void;
  /** Open an output item (emits `response.output_item.added` + `conversation.item.added`). */
  addItem(item: Record<string, unknown>): { outputIndex: number };
  /** Record streamed arguments, so a cancel can close them. */
  argumentsSoFar(text: string): void;
  /** Close the open item (emits the `.done` events). */
  closeItem(): void;
  sleep(ms: number): Promise<void>;
  readonly streamIntervalMs: number;
}

type Obj = Record<string, unknown>;

/** Approved `mcp_approval_response`s in the context whose call has not run yet, as calls to make. */
export function approvedCalls(context: readonly Item[]): McpCallOutput[] {
  const items = context as unknown as Obj[];
  const out: McpCallOutput[] = [];
  for (const response of items) {
    if (response.type !== 'mcp_approval_response' || response.approve !== true) continue;
    const requestId = response.approval_request_id;
    const request = items.find((i) => i.type === 'mcp_approval_request' && i.id === requestId);
    if (!request) continue;
    const ran = items.some((i) => i.type === 'mcp_call' && i.approval_request_id === requestId);
    if (ran || out.some((c) => c.approvalRequestId === requestId)) continue;
    out.push({
      type: 'mcp_call',
      serverLabel: request.server_label as string,
      name: request.name as string,
      arguments: request.arguments as string,
      approvalRequestId: requestId as string,
    });
  }
  return out;
}

/** Parse the call's arguments (a JSON object string); anything else becomes a protocol error. */
function parseArguments(json: string): Obj | null {
  try {
    const v = JSON.parse(json || '{}');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
  } catch {
    return null;
  }
}

/** Run one MCP output of a response: an approval request, or the call itself. */
export async function runMcpOutput(
  ops: McpResponseOps,
  out: McpCallOutput,
  servers: McpServers | undefined,
): Promise<void> {
  const server = servers?.get(out.serverLabel);
  const tool: McpListedTool = server?.tools.find((t) => t.name === out.name) ?? {
    name: out.name,
    input_schema: {},
  };
  if (!out.approvalRequestId && server && needsApproval(server.config, tool)) {
    ops.addItem({
      id: newId.item(),
      type: 'mcp_approval_request',
      server_label: out.serverLabel,
      name: out.name,
      arguments: out.arguments,
    });
    ops.closeItem();
    return;
  }
  const item: Obj = {
    id: newId.item(),
    type: 'mcp_call',
    server_label: out.serverLabel,
    name: out.name,
    arguments: '',
    approval_request_id: out.approvalRequestId ?? null,
    output: null,
    error: null,
  };
  const { outputIndex } = ops.addItem(item);
  const ref = { response_id: ops.responseId, item_id: item.id, output_index: outputIndex };
  const args = out.arguments;
  const half = Math.ceil(args.length / 2);
  const pieces = args.length > 12 ? [args.slice(0, half), args.slice(half)] : [args];
  let sent = '';
  for (const delta of pieces) {
    sent += delta;
    ops.argumentsSoFar(sent);
    ops.emit({
      type: 'response.mcp_call_arguments.delta',
      ...ref,
      delta,
      obfuscation: newId.obfuscation(delta.length),
    });
    await ops.sleep(ops.streamIntervalMs);
    if (ops.done) return;
  }
  item.arguments = args;
  ops.emit({ type: 'response.mcp_call_arguments.done', ...ref, arguments: args });
  ops.emit({ type: 'response.mcp_call.in_progress', output_index: outputIndex, item_id: item.id });
  const parsed = parseArguments(args);
  let outcome: McpCallOutcome;
  if (!server) {
    outcome = {
      error: {
        type: 'protocol_error',
        code: -32602,
        message: `No MCP server labelled '${out.serverLabel}' in this session.`,
      },
    };
  } else if (!parsed) {
    outcome = {
      error: { type: 'protocol_error', code: -32602, message: 'Tool arguments must be a JSON object.' },
    };
  } else {
    outcome = await server.connection.callTool(out.name, parsed);
  }
  if (ops.done) return; // cancelled while the server worked: the item was closed as it stood
  if ('output' in outcome) {
    item.output = outcome.output;
    ops.emit({ type: 'response.mcp_call.completed', output_index: outputIndex, item_id: item.id });
  } else {
    item.error = outcome.error;
    ops.emit({ type: 'response.mcp_call.failed', output_index: outputIndex, item_id: item.id });
  }
  ops.closeItem();
}
