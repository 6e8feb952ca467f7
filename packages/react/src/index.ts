/**
 * `@realtime-agents/react`: a provider, hooks and unstyled components for voice agents. Safe to
 * import on the server: nothing touches `window`, `navigator` or audio until you connect.
 * @example
 * import { RealtimeProvider, useRealtimeSession, Transcript, MicButton } from '@realtime-agents/react';
 * <RealtimeProvider runner={runner} agent={agent}><App /></RealtimeProvider>
 * @module
 */
export { RealtimeProvider, type RealtimeProviderProps } from './provider.js';
export { type RealtimeSessionState, useRealtimeSession } from './use-realtime-session.js';
export { useTranscript } from './use-transcript.js';
export { useAgentState } from './use-agent-state.js';
export { useAudioLevels } from './use-audio-levels.js';
export { type ToolCallsState, useToolCalls } from './use-tool-calls.js';
export { type DevicesState, useDevices } from './use-devices.js';
export { useLatency } from './use-latency.js';
export { useSessionEvent } from './use-session-event.js';
export { MicButton, type MicButtonProps, type MicButtonState } from './mic-button.js';
export { AudioVisualizer, type AudioVisualizerProps } from './audio-visualizer.js';
export { Transcript, type TranscriptProps } from './transcript.js';
export { ToolApproval, type ToolApprovalActions, type ToolApprovalProps } from './tool-approval.js';
export type { AudioLevels } from './audio-levels.js';
export type { AgentState } from './agent-state-model.js';
export type { ToolCall, ToolCallStatus } from './tool-calls-model.js';
export type { TranscriptMessage } from './transcript-model.js';
export type { ConnectionSnapshot, LatencySnapshot, SessionStatus } from './session-store.js';
