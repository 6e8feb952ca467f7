/**
 * Session events: a discriminated union on `type`, consumed with `for await` or `session.on`.
 * @module
 */
import type { AnyAgent } from './agent.js';
import type { HistoryItem } from './history.js';
import type { ResponseStatus, ServerEvent, UnknownServerEvent, Usage } from './protocol/server-events.js';
import type { RealtimeAgentsError } from './errors.js';
import type { ConnectionState } from './transport.js';

/** A response began (`response.created`). */
export interface AgentStartEvent {
  type: 'agent_start';
  agent: AnyAgent;
  responseId: string;
}
/** A response ended (`response.done`); `output` is its text or spoken transcript. */
export interface AgentEndEvent {
  type: 'agent_end';
  agent: AnyAgent;
  responseId: string;
  output: string;
  status: ResponseStatus;
  usage: Usage | null;
}
/** Assistant audio as PCM16 mono, whatever the transport. */
export interface AudioEvent {
  type: 'audio';
  data: Int16Array;
  sampleRate: number;
  itemId: string;
  contentIndex: number;
  responseId: string;
}
/** The assistant's audio for an item finished playing. */
export interface AudioEndEvent {
  type: 'audio_end';
  itemId: string;
}
/** Playing audio was cut off (barge-in, `interrupt()` or a guardrail), at `playedMs` of the item. */
export interface AudioInterruptedEvent {
  type: 'audio_interrupted';
  itemId: string;
  playedMs: number;
}
/** User or assistant transcript: partials (`final: false`, `text` so far) and finals. */
export interface TranscriptEvent {
  type: 'transcript';
  role: 'user' | 'assistant';
  itemId: string;
  /** The transcript so far (partials) or in full (finals). */
  text: string;
  /** The new piece of a partial; the full text of a final. */
  delta: string;
  final: boolean;
  /** The response an assistant transcript belongs to (absent on user transcripts). */
  responseId?: string;
}
export interface ToolStartEvent {
  type: 'tool_start';
  agent: AnyAgent;
  toolName: string;
  callId: string;
  arguments: unknown;
}
export interface ToolEndEvent {
  type: 'tool_end';
  agent: AnyAgent;
  toolName: string;
  callId: string;
  /** What the tool returned, or the error text the model was given. */
  output: unknown;
  ok: boolean;
}
export interface ToolApprovalRequestedEvent {
  type: 'tool_approval_requested';
  agent: AnyAgent;
  toolName: string;
  callId: string;
  arguments: unknown;
  /** Set when a hosted MCP server asks (then `callId` is its `mcp_approval_request` item's id). */
  serverLabel?: string;
}
/** A hosted MCP server's tools were listed (at connect, and again when the tools change). */
export interface McpToolsListedEvent {
  type: 'mcp_tools_listed';
  itemId: string;
  serverLabel: string;
  tools: { name: string; description: string }[];
}
/** The server could not list a hosted MCP server's tools (e.g. the MCP server is down). */
export interface McpToolsListFailedEvent {
  type: 'mcp_tools_list_failed';
  itemId: string;
  serverLabel: string;
}
/** The server started calling a hosted MCP tool. */
export interface McpCallStartedEvent {
  type: 'mcp_call_started';
  itemId: string;
  serverLabel: string;
  toolName: string;
  /** The arguments the model chose (JSON text). */
  arguments: string;
  /** The approval this call followed, when it needed one (`tool_approval_requested`'s `callId`). */
  approvalRequestId: string | null;
}
/** A hosted MCP tool call finished; `output` is what the MCP server returned. */
export interface McpCallCompletedEvent {
  type: 'mcp_call_completed';
  itemId: string;
  serverLabel: string;
  toolName: string;
  arguments: string;
  approvalRequestId: string | null;
  output: string;
}
/** A hosted MCP tool call failed; `error` as the server reported it. */
export interface McpCallFailedEvent {
  type: 'mcp_call_failed';
  itemId: string;
  serverLabel: string;
  toolName: string;
  arguments: string;
  approvalRequestId: string | null;
  error: unknown;
}
export interface HandoffEvent {
  type: 'handoff';
  from: AnyAgent;
  to: AnyAgent;
}
export interface GuardrailTrippedEvent {
  type: 'guardrail_tripped';
  guardrail: string;
  agent: AnyAgent;
  responseId: string;
  /** The text that tripped it. */
  output: string;
  outputInfo: unknown;
  /** True when the model is asked for a corrected answer; false once `guardrails.retryPolicy` stopped asking. */
  retrying: boolean;
  /** The guardrail's `policyHint`, given to the model with the request for a corrected answer. */
  policyHint?: string;
}
export interface UserSpeechStartedEvent {
  type: 'speech_started';
  itemId: string;
  audioStartMs: number;
}
export interface UserSpeechStoppedEvent {
  type: 'speech_stopped';
  itemId: string;
  audioEndMs: number;
}
export interface HistoryAddedEvent {
  type: 'history_added';
  item: HistoryItem;
}
export interface HistoryUpdatedEvent {
  type: 'history_updated';
  history: readonly HistoryItem[];
}
/**
 * The connection changed. After an unexpected drop (with the `reconnect` option on): `disconnected`
 * (`error` = why), then per attempt `reconnecting` (`attempt`, `delayMs`, `error` = why) and the
 * transport's own `connecting` / `connected`; then `connected` with `resumed: true`, or `failed`
 * (the session then closes). A planned rollover says `reconnecting` with `rollover: true`.
 */
export interface ConnectionEvent {
  type: 'connection';
  state: ConnectionState | 'failed';
  error?: Error;
  /** Reconnect attempt number (1, 2, …) on `reconnecting`. */
  attempt?: number;
  /** Milliseconds before this attempt starts, on `reconnecting`. */
  delayMs?: number;
  /** On `connected`: the conversation continues on a new connection (re-seeded). */
  resumed?: boolean;
  /** On `reconnecting` / `connected`: a planned rollover before the session time limit, not a drop. */
  rollover?: boolean;
}
/**
 * Something the user should know that is not a failure: e.g. microphone audio that could not be
 * sent while reconnecting (`code: 'audio_dropped'`), or what a reconnect could not replay.
 */
export interface WarningEvent {
  type: 'warning';
  warning: RealtimeAgentsError;
}
/** Per-turn latency, measured from real playback where the transport can see it. */
export interface MetricsEvent {
  type: 'metrics';
  responseId: string;
  /** User end of speech → first assistant audio really played (ms), when known. */
  speechEndToFirstAudioMs: number | null;
  /** `response.created` → first assistant audio really played (ms). */
  responseToFirstAudioMs: number | null;
}
/** Something went wrong; the session goes on. */
export interface SessionErrorEvent {
  type: 'error';
  error: Error;
}
/** Every server event, as parsed (unknown types included). */
export interface RawEvent {
  type: 'raw';
  event: ServerEvent | UnknownServerEvent;
}

/** Every session event. */
export type SessionEvent =
  | AgentStartEvent
  | AgentEndEvent
  | AudioEvent
  | AudioEndEvent
  | AudioInterruptedEvent
  | TranscriptEvent
  | ToolStartEvent
  | ToolEndEvent
  | ToolApprovalRequestedEvent
  | McpToolsListedEvent
  | McpToolsListFailedEvent
  | McpCallStartedEvent
  | McpCallCompletedEvent
  | McpCallFailedEvent
  | HandoffEvent
  | GuardrailTrippedEvent
  | UserSpeechStartedEvent
  | UserSpeechStoppedEvent
  | HistoryAddedEvent
  | HistoryUpdatedEvent
  | ConnectionEvent
  | MetricsEvent
  | SessionErrorEvent
  | WarningEvent
  | RawEvent;

export type SessionEventType = SessionEvent['type'];
/** The event of one `type`. */
export type SessionEventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;
