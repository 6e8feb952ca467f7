/**
 * The emulated model's "mind": given the conversation and the session's tools, decide what a
 * response contains. Pluggable (`startEmulator({ brain })`); the default is deterministic.
 * @module
 */
import type { SessionConfig } from '@realtime-agents/core';
import type { Item, ToolChoice } from '@realtime-agents/core/protocol';

/** A function tool as the protocol carries it (flat `{type, name, description, parameters}`). */
export type ProtocolTool = Extract<NonNullable<SessionConfig['tools']>[number], { type: 'function' }>;

/** A tool of a hosted MCP server (listed by the emulator, filtered by `allowed_tools`). */
export interface McpBrainTool {
  /** The `server_label` of the session's `{type:"mcp"}` entry. */
  serverLabel: string;
  name: string;
  description?: string;
  /** The tool's JSON Schema (`inputSchema` over MCP). */
  input_schema: Record<string, unknown>;
}

/** What the brain sees when a response starts. */
export interface BrainInput {
  /** The items in the response's context, oldest first. */
  conversation: readonly Item[];
  /** Effective instructions (session, or the response override). */
  instructions: string;
  /** Function tools available to this response. */
  tools: readonly ProtocolTool[];
  /** Tools of the session's hosted MCP servers available to this response (none when absent). */
  mcpTools?: readonly McpBrainTool[];
  toolChoice: ToolChoice;
  /** Response metadata (from `response.create`), if any. */
  metadata: Record<string, string> | null;
}

/** One output item of a response. */
export type BrainOutput =
  | {
      type: 'message';
      text: string /** Speech to send instead of synthesizing `text` (PCM16 24 kHz). */;
      audio?: Int16Array;
    }
  | { type: 'function_call'; name: string; arguments: string }
  /**
   * Call a hosted MCP tool. The emulator runs it over MCP (`mcp_call`), or first asks the client
   * (`mcp_approval_request`) when the server's `require_approval` says so.
   */
  | { type: 'mcp_call'; serverLabel: string; name: string; arguments: string };

/** The brain's decision for one response. */
export interface BrainReply {
  outputs: BrainOutput[];
  /** Think this long before the first output. */
  delayMs?: number;
  /** Fail the response (`response.done` status `failed`) and send an `error` event. */
  error?: { type?: string; code: string; message: string };
}

/**
 * Decides responses.
 * @example
 * const echo: Brain = { respond: () => ({ outputs: [{ type: 'message', text: 'Hi!' }] }) };
 * await startEmulator({ brain: echo });
 */
export interface Brain {
  respond(input: BrainInput): BrainReply | Promise<BrainReply>;
}

/** The text of the latest user message (input_text, or an audio part's transcript), or null. */
export function lastUserText(conversation: readonly Item[]): string | null {
  return userTexts(conversation).at(-1) ?? null;
}

/**
 * Every user message's text (or transcript) in conversation order.
 * @example userTexts(conversation).at(-2) // what the user said before the last message
 */
export function userTexts(conversation: readonly Item[]): string[] {
  const out: string[] = [];
  for (const item of conversation) {
    if (item.type !== 'message' || item.role !== 'user') continue;
    const parts = (item as { content: Array<Record<string, unknown>> }).content;
    const texts = parts
      .map((p) =>
        typeof p.text === 'string' ? p.text : typeof p.transcript === 'string' ? p.transcript : '',
      )
      .filter(Boolean);
    out.push(texts.join(' '));
  }
  return out;
}
