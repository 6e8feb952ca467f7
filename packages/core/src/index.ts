/**
 * @realtime-agents/core — agents, tools, handoffs, guardrails, the session and the protocol types.
 * No DOM, no network, no Node built-ins: transports plug in through the `Transport` interface.
 * @module
 */
export { RealtimeAgent, type RealtimeAgentOptions } from './agent.js';
export { RealtimeRunner, type SessionOptions } from './runner.js';
/**
 * Options of `runner.prepare(agent, options)`, and its default idle timeout.
 * @example void runner.prepare(agent, { idleTimeoutMs: PREPARE_IDLE_TIMEOUT_MS / 2 });
 */
export { type PrepareOptions, PREPARE_IDLE_TIMEOUT_MS } from './prepare.js';
export {
  type BackoffOptions,
  exponentialBackoff,
  type ReconnectContext,
  type ReconnectPolicy,
} from './reconnect-policy.js';
export type { ReseedLimits } from './reseed.js';
export {
  fallbackTransport,
  isNetworkFailure,
  type FallbackOptions,
  type FallbackTransport,
} from './fallback-transport.js';
export { RealtimeSession, type SessionUsage } from './session.js';
export {
  guardrailRetryLimit,
  type GuardrailRetryContext,
  type GuardrailRetryPolicy,
} from './guardrail-retry.js';
export {
  tool,
  type FunctionTool,
  type ToolOptions,
  type ToolParameters,
  type ToolArgs,
} from './tool.js';
export {
  hostedMcpTool,
  isHostedMcpTool,
  type HostedMcpTool,
  type HostedMcpToolOptions,
  type HostedMcpApproval,
} from './hosted-mcp-tool.js';
export { realtimeHandoff, type Handoff, type HandoffOptions } from './handoff.js';
export {
  outputGuardrail,
  type OutputGuardrail,
  type GuardrailResult,
  type GuardrailFunction,
} from './guardrail.js';
export type { RunContext, ToolContext } from './context.js';
export type {
  HistoryItem,
  HistoryMessage,
  HistoryFunctionCall,
  HistoryFunctionOutput,
  HistoryMcpApprovalRequest,
  HistoryMcpCall,
  HistoryMcpListTools,
  HistoryOther,
} from './history.js';
export type { HistoryUpdate, HistoryUpdater, NewHistoryMessage } from './history-edit.js';
export type * from './events.js';
export {
  resolveRunnerOptions,
  type RealtimeRunnerOptions,
  type ResolvedRunnerOptions,
  type AudioFormatName,
  type TurnDetectionOption,
} from './options.js';
export { buildSessionConfig, toAudioFormat, formatRate } from './ga-config.js';
export * from './errors.js';
export { maskSecret, redactSecrets, redactValue } from './redact.js';
export * from './transport.js';
/**
 * The wire protocol (every client and server event, items, the GA session config, the parser)
 * lives in its own subpath so this root lists what an app writes.
 * @example import type { ServerEvent, SessionConfig } from '@realtime-agents/core/protocol';
 */
export type { SessionConfig, Voice, McpTool, SessionTool } from './protocol/session-config.js';
