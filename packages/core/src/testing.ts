/**
 * Test helpers: `ScriptedTransport` (no network) and `ServerScript` (well-formed server events).
 * @module
 */
export { ScriptedTransport, type ScriptedTransportOptions } from './testing/scripted-transport.js';
export { ServerScript, pcm16ToBase64 } from './testing/server-script.js';
export { connectScripted, type ScriptedSession } from './testing/connect-scripted.js';
