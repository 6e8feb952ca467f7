/**
 * Conversation items (GA shapes), as they appear in `conversation.item.*` and `response.output_item.*`.
 * @module
 */

export type ItemStatus = 'completed' | 'in_progress' | 'incomplete';

export type ContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'input_audio'; audio?: string; transcript: string | null }
  | { type: 'input_image'; image_url: string; detail?: 'auto' | 'low' | 'high' }
  | { type: 'output_text'; text: string }
  | { type: 'output_audio'; audio?: string; transcript: string | null };

export interface MessageItem {
  id: string;
  type: 'message';
  object?: 'realtime.item';
  status?: ItemStatus;
  role: 'user' | 'assistant' | 'system';
  content: ContentPart[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  object?: 'realtime.item';
  status?: ItemStatus;
  name: string;
  call_id: string;
  arguments: string;
}

export interface FunctionCallOutputItem {
  id: string;
  type: 'function_call_output';
  object?: 'realtime.item';
  status?: ItemStatus;
  call_id: string;
  output: string;
}

/** Any conversation item the kit understands (MCP items arrive as `OtherItem`). */
export type Item = MessageItem | FunctionCallItem | FunctionCallOutputItem | OtherItem;

/** Item types this kit does not model (MCP and newer) — kept intact. */
export interface OtherItem {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** The client's answer to an `mcp_approval_request` item (protocol §6.6). */
export interface McpApprovalResponseItem {
  id: string;
  type: 'mcp_approval_response';
  approval_request_id: string;
  approve: boolean;
  reason?: string;
}

/** An item as a client creates it (`conversation.item.create`): `id` optional (≤ 32 chars). */
export type ItemInput =
  | (Omit<MessageItem, 'id'> & { id?: string })
  | (Omit<FunctionCallItem, 'id'> & { id?: string })
  | (Omit<FunctionCallOutputItem, 'id'> & { id?: string })
  | (Omit<McpApprovalResponseItem, 'id'> & { id?: string });
