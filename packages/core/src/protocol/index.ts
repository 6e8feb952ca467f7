/** The GA Realtime protocol: one source of truth for event and config types. @module */
export type * from './client-events.js';
export type * from './items.js';
export type * from './server-events.js';
export type * from './session-config.js';
export { CLIENT_EVENT_TYPES } from './client-events.js';
export { VOICES } from './session-config.js';
export { parseServerEvent, SERVER_EVENT_TYPES, type ParseResult } from './parse.js';
export { decodePcm16Base64, parseAudioDeltaWire, type WireAudioDelta } from './wire-audio.js';
