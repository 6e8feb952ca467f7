/**
 * @realtime-agents/emulator — a local, offline emulator of the OpenAI Realtime API (GA): HTTP,
 * WebSocket and WebRTC on 127.0.0.1 with a deterministic model, server VAD, synthesized speech,
 * script mode and fault injection. A dev tool: its optional espeak-ng dependency is GPL-3.0.
 * @example
 * import { startEmulator } from '@realtime-agents/emulator';
 * const emu = await startEmulator({ port: 8787 });
 * console.log(emu.baseUrl); // http://127.0.0.1:8787/v1
 * @module
 */
export { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
export type { Brain, BrainInput, BrainOutput, BrainReply, ProtocolTool } from './brain/brain.js';
export { createDefaultBrain } from './brain/default-brain.js';
export { argumentsFromSchema } from './brain/schema-args.js';
export {
  createScriptBrain,
  loadScript,
  parseScript,
  type Script,
  type ScriptAction,
  type ScriptTurn,
} from './brain/script-brain.js';
export type {
  CallsContext,
  CreateSessionOptions,
  EngineSession,
  MediaSink,
  SessionKind,
} from './engine/contracts.js';
export { EngineSessionImpl, type EngineOptions } from './engine/session.js';
export { placeholderTranscript, type Transcriber } from './engine/transcriber.js';
export { FAULT_NAMES, parseFaultList } from './faults.js';
export { type Recorder, type RecorderOptions, startRecorder } from './record/recorder.js';
export {
  loadRecording,
  parseRecording,
  type RecordedEvent,
  type Recording,
  type RecordingHeader,
  recordable,
  scriptFromRecording,
} from './record/recording.js';
export { signWebhook } from './server/webhook.js';
export { createSynthesizer, type SpeechSynthesizer, type SynthesizerOptions } from './speech/synthesizer.js';
export { formantSpeech } from './speech/formant.js';
export { readWav, writeWav } from './speech/wav.js';
export {
  type McpTestServer,
  type McpTestServerOptions,
  type RecordedMcpCall,
  startMcpTestServer,
} from './mcp-test-server.js';
