/**
 * Script mode for tests: an ordered list of turns, each optionally matching the user's input and
 * responding with text, audio, a function call, a hosted MCP tool call, a handoff, an error or a delay.
 * @module
 */
import { bytesToPcm } from '../audio/formats.js';
import { type Brain, type BrainOutput, type BrainReply, lastUserText, type ProtocolTool } from './brain.js';
import { createDefaultBrain } from './default-brain.js';
import { isRecordingText, parseRecording, readNamedFile, scriptFromRecording } from '../record/recording.js';

/** One thing a scripted turn does. */
export type ScriptAction =
  | { text: string }
  | { /** Base64 PCM16 24 kHz speech. */ audio: string; transcript?: string }
  | { function_call: { name: string; arguments?: string | Record<string, unknown> } }
  | {
      /** A tool of the session's `{type:"mcp"}` server with that label (approval asked as configured). */
      mcp_call: { server_label: string; name: string; arguments?: string | Record<string, unknown> };
    }
  | { /** Agent name: calls `transfer_to_<name>`. */ handoff: string }
  | { error: { code: string; message: string; type?: string } }
  | { /** Milliseconds to wait before responding. */ delay: number };

/** One scripted response. */
export interface ScriptTurn {
  /** Case-insensitive substring, or `/regex/flags`, matched against the latest user text. */
  match?: string;
  respond: ScriptAction | ScriptAction[];
}

/** A script: its turns are consumed in order, one per response. */
export interface Script {
  turns: ScriptTurn[];
  /** What to do when no turn is left or none matches. @default 'default-brain' */
  fallback?: 'default-brain' | 'error';
}

function matches(pattern: string | undefined, text: string): boolean {
  if (pattern === undefined) return true;
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re) return new RegExp(re[1]!, re[2]).test(text);
  return text.toLowerCase().includes(pattern.toLowerCase());
}

/**
 * Read and check a script file: JSON `{ turns: [...] }`, a bare array of turns, or a session
 * recording (`realtime-emulator --record`), replayed as {@link scriptFromRecording} makes it.
 * @example const script = loadScript('turns.json');
 */
export function loadScript(path: string): Script {
  const text = readNamedFile(path, 'the script');
  if (isRecordingText(text)) return parseScript(scriptFromRecording(parseRecording(text, path)));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `Script ${path} is not JSON (${(error as Error).message}); a script is { "turns": [...] } or a recording from realtime-emulator --record`,
    );
  }
  return parseScript(value);
}

/**
 * Validate a decoded script; throws an Error naming the bad turn.
 * @example const script = parseScript([{ match: '/weather/i', respond: { function_call: { name: 'get_weather', arguments: { city: 'Oslo' } } } }]);
 */
export function parseScript(value: unknown): Script {
  const script = (Array.isArray(value) ? { turns: value } : value) as Script;
  if (!script || !Array.isArray(script.turns))
    throw new Error('Script must be an array of turns or { "turns": [...] }');
  if (script.fallback !== undefined && script.fallback !== 'default-brain' && script.fallback !== 'error')
    throw new Error(
      `Script "fallback" must be "default-brain" or "error", got ${JSON.stringify(script.fallback)}`,
    );
  script.turns.forEach((turn, i) => {
    if (!turn || typeof turn !== 'object' || turn.respond === undefined)
      throw new Error(`Script turn ${i} has no "respond"`);
    if (turn.match !== undefined) {
      if (typeof turn.match !== 'string')
        throw new Error(`Script turn ${i}: "match" must be a string, got ${JSON.stringify(turn.match)}`);
      try {
        matches(turn.match, '');
      } catch (e) {
        throw new Error(`Script turn ${i}: "match" is not a valid /regex/: ${(e as Error).message}`);
      }
    }
    for (const action of [turn.respond].flat()) {
      const keys = Object.keys(action ?? {});
      if (
        !['text', 'audio', 'function_call', 'mcp_call', 'handoff', 'error', 'delay'].some((k) =>
          keys.includes(k),
        )
      )
        throw new Error(`Script turn ${i}: unknown action ${JSON.stringify(action)}`);
      const problem = actionProblem(action);
      if (problem) throw new Error(`Script turn ${i}: ${problem}, got ${JSON.stringify(action)}`);
    }
  });
  return script;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What is wrong with an action's values (its keys are known), or null. */
function actionProblem(action: ScriptAction): string | null {
  if ('text' in action) return isText(action.text) ? null : '"text" must be a string';
  if ('audio' in action) {
    if (!isText(action.audio) || !BASE64.test(action.audio))
      return '"audio" must be base64 PCM16 24 kHz (a string)';
    if ('transcript' in action && !isText(action.transcript)) return '"transcript" must be a string';
    return null;
  }
  if ('function_call' in action) {
    const fc = action.function_call as { name?: unknown; arguments?: unknown } | null;
    if (!fc || typeof fc !== 'object' || !isText(fc.name) || !fc.name)
      return '"function_call" needs a "name" string';
    const args = fc.arguments;
    if (
      args !== undefined &&
      !isText(args) &&
      (typeof args !== 'object' || args === null || Array.isArray(args))
    )
      return '"function_call.arguments" must be a JSON string or an object';
    return null;
  }
  if ('mcp_call' in action) {
    const mc = action.mcp_call as { server_label?: unknown; name?: unknown; arguments?: unknown } | null;
    if (!mc || typeof mc !== 'object' || !isText(mc.server_label) || !isText(mc.name) || !mc.name)
      return '"mcp_call" needs "server_label" and "name" strings';
    const args = mc.arguments;
    if (
      args !== undefined &&
      !isText(args) &&
      (typeof args !== 'object' || args === null || Array.isArray(args))
    )
      return '"mcp_call.arguments" must be a JSON string or an object';
    return null;
  }
  if ('handoff' in action)
    return isText(action.handoff) && action.handoff ? null : '"handoff" must be the agent name (a string)';
  if ('error' in action) {
    const err = action.error as { code?: unknown; message?: unknown; type?: unknown } | null;
    if (!err || typeof err !== 'object' || !isText(err.code) || !isText(err.message))
      return '"error" needs "code" and "message" strings';
    return err.type === undefined || isText(err.type) ? null : '"error.type" must be a string';
  }
  const delay = (action as { delay: unknown }).delay;
  return typeof delay === 'number' && Number.isFinite(delay) && delay >= 0
    ? null
    : '"delay" must be a number of milliseconds ≥ 0';
}

/**
 * A brain that plays a script.
 * @example await startEmulator({ script: { turns: [{ match: 'hi', respond: { text: 'Hello!' } }] } });
 */
export function createScriptBrain(script: Script): Brain {
  let next = 0;
  const fallback = createDefaultBrain();
  return {
    respond(input) {
      const text = lastUserText(input.conversation) ?? '';
      let index = -1;
      for (let i = next; i < script.turns.length; i++) {
        if (matches(script.turns[i]!.match, text)) {
          index = i;
          break;
        }
      }
      if (index < 0) {
        if (script.fallback === 'error')
          return {
            outputs: [],
            error: { code: 'script_exhausted', message: `No script turn matches "${text}"` },
          };
        return fallback.respond(input);
      }
      next = index + 1;
      const reply: BrainReply = { outputs: [] };
      for (const action of [script.turns[index]!.respond].flat()) {
        if ('delay' in action) reply.delayMs = (reply.delayMs ?? 0) + action.delay;
        else if ('text' in action) reply.outputs.push({ type: 'message', text: action.text });
        else if ('audio' in action) {
          const audio = bytesToPcm(Buffer.from(action.audio, 'base64'));
          reply.outputs.push({ type: 'message', text: action.transcript ?? '', audio });
        } else if ('function_call' in action) {
          const args = action.function_call.arguments ?? {};
          reply.outputs.push({
            type: 'function_call',
            name: action.function_call.name,
            arguments: typeof args === 'string' ? args : JSON.stringify(args),
          });
        } else if ('mcp_call' in action) {
          const args = action.mcp_call.arguments ?? {};
          reply.outputs.push({
            type: 'mcp_call',
            serverLabel: action.mcp_call.server_label,
            name: action.mcp_call.name,
            arguments: typeof args === 'string' ? args : JSON.stringify(args),
          });
        } else if ('handoff' in action) {
          // As the Agents SDK names handoff tools (each non-alphanumeric → `_`), but matched
          // case-insensitively: the SDK keeps the agent name's case (`transfer_to_Billing_Agent`).
          const slug = action.handoff.toLowerCase().replace(/[^a-z0-9]/g, '_');
          const name = (t: ProtocolTool) => t.name.toLowerCase();
          const tool =
            input.tools.find((t) => name(t) === `transfer_to_${slug}`) ??
            input.tools.find((t) => name(t).startsWith(`transfer_to_${slug}`));
          reply.outputs.push({
            type: 'function_call',
            name: tool?.name ?? `transfer_to_${slug}`,
            arguments: '{}',
          } satisfies BrainOutput);
        } else if ('error' in action) reply.error = action.error;
      }
      return reply;
    },
  };
}
