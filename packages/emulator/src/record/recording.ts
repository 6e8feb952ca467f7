/**
 * Session recordings: what `realtime-emulator --record` writes (one JSON object a line: a header,
 * then every client and server event of each session, audio payloads replaced by their size) and
 * how one becomes a script (`--replay`, `scriptFromRecording`), so a bug report turns into a test.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Script, ScriptAction, ScriptTurn } from '../brain/script-brain.js';

/** The first line of a recording. */
export interface RecordingHeader {
  recording: 'realtime-agents';
  version: 1;
  /** Where the events came from (the upstream API base URL). */
  upstream: string;
  startedAt: string;
}

/** One recorded event. */
export interface RecordedEvent {
  /** Session number in the recording (1, 2, … by connection order). */
  session: number;
  /** Milliseconds since the session connected. */
  t: number;
  /** Who sent it. */
  from: 'client' | 'server';
  event: { type: string; [field: string]: unknown };
}

/** A parsed recording. */
export interface Recording {
  header: RecordingHeader;
  /** Where it was read from, for errors (`loadRecording` sets it). */
  source?: string;
  events: RecordedEvent[];
}

/** Event fields that carry base64 audio: recorded as `"<N bytes of audio>"`. */
const AUDIO_EVENTS = new Set([
  'input_audio_buffer.append',
  'response.output_audio.delta',
  'response.audio.delta',
]);

/** Field names whose values are credentials, whatever they hold (MCP tools carry some). */
const SECRET_FIELDS =
  /^(authorization|api[_-]?key|client[_-]?secret|secret|password|access[_-]?token|token|headers)$/i;
/** Strings that are credentials wherever they appear: API keys, ephemeral keys, bearer tokens. */
const SECRET_VALUES = /\b(?:sk-[A-Za-z0-9_-]{4,}|ek_[A-Za-z0-9_-]{4,}|Bearer\s+\S+)/g;

/** What a credential becomes in a recording. */
export const REDACTED = '<redacted>';

/** A deep copy of `value` with every credential replaced by {@link REDACTED}. */
function redact(value: unknown, key = ''): unknown {
  if (key && SECRET_FIELDS.test(key) && value !== null && value !== undefined) return REDACTED;
  if (typeof value === 'string') return value.replace(SECRET_VALUES, REDACTED);
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

/**
 * The event as it is recorded: audio payloads replaced by their size (a recording is for what was
 * said and done, and stays small) and credentials — `authorization`, `headers`, `client_secret`,
 * `api_key`… fields (MCP tools carry them in `session.update`) and any `sk-…`, `ek_…` or
 * `Bearer …` string — replaced by `"<redacted>"`, so a recording can be attached to a bug report.
 * @example recordable({ type: 'response.output_audio.delta', delta: 'AAAA' }) // delta: '<3 bytes of audio>'
 */
export function recordable(event: Record<string, unknown>): Record<string, unknown> {
  const type = String(event.type);
  const field = type === 'input_audio_buffer.append' ? 'audio' : 'delta';
  const data = event[field];
  const sized =
    AUDIO_EVENTS.has(type) && typeof data === 'string'
      ? { ...event, [field]: `<${Math.floor((data.length * 3) / 4)} bytes of audio>` }
      : event;
  return redact(sized) as Record<string, unknown>;
}

/**
 * An upstream URL as a recording names it: no user name, password or query (keys travel there).
 * @example safeUrl('wss://u:p@host/v1/realtime?key=1') // 'wss://host/v1/realtime'
 */
export function safeUrl(url: string | URL): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.href;
}

const HOW_TO_MAKE = 'make one with realtime-emulator --record FILE';

/**
 * Parse a recording's text (JSON lines); throws naming the source, the bad line and what is wrong.
 * @example const rec = parseRecording(readFileSync('bug.jsonl', 'utf8'), 'bug.jsonl');
 */
export function parseRecording(text: string, name = 'the recording'): Recording {
  const lines = text.split('\n');
  const parsed: Array<{ line: number; value: Record<string, unknown> }> = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const cut = line.length > 80 ? `${line.slice(0, 80)}…` : line;
      throw new Error(
        `${name} line ${i + 1} is not JSON${i === lines.length - 1 ? ' (the file may be cut short)' : ''}: ${cut}`,
      );
    }
    parsed.push({ line: i + 1, value: (value ?? {}) as Record<string, unknown> });
  });
  if (parsed.length === 0)
    throw new Error(`${name} is empty: not a realtime-emulator recording (${HOW_TO_MAKE})`);
  const header = parsed[0]!.value as unknown as RecordingHeader;
  if (header.recording !== 'realtime-agents')
    throw new Error(
      `${name} is not a realtime-emulator recording (its first line must be {"recording":"realtime-agents",…}; ${HOW_TO_MAKE})`,
    );
  if (header.version !== 1)
    throw new Error(`${name} is recording version ${header.version}; this emulator reads version 1`);
  const events = parsed.slice(1).map(({ line, value: e }) => {
    const event = e.event as { type?: unknown } | null | undefined;
    const problem =
      e.from !== 'client' && e.from !== 'server'
        ? `"from" must be "client" or "server", got ${JSON.stringify(e.from)}`
        : !Number.isInteger(e.session) || (e.session as number) < 1
          ? `"session" must be a session number ≥ 1, got ${JSON.stringify(e.session)}`
          : typeof e.t !== 'number'
            ? `"t" must be milliseconds, got ${JSON.stringify(e.t)}`
            : typeof event !== 'object' || event === null || typeof event.type !== 'string'
              ? '"event" must be an object with a "type"'
              : '';
    if (problem)
      throw new Error(`${name} line ${line} is not a recorded event { session, t, from, event }: ${problem}`);
    return e as unknown as RecordedEvent;
  });
  return { header, events, ...(name !== 'the recording' && { source: name }) };
}

/** Whether a file's text is a recording (its first line is a recording header), not a JSON script. */
export function isRecordingText(text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') + 1 || text.length).trim();
  try {
    return (JSON.parse(first) as { recording?: unknown })?.recording === 'realtime-agents';
  } catch {
    return false;
  }
}

/**
 * Read a file, with an error that names it and says what is wrong.
 * @internal
 */
export function readNamedFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new Error(`Cannot read ${what} ${path}: ${why} (${code ?? 'error'})`, { cause: error });
  }
}

/**
 * Read and parse a recording file; throws naming the file and what is wrong with it.
 * @example const rec = loadRecording('bug.jsonl');
 */
export function loadRecording(path: string): Recording {
  return parseRecording(readNamedFile(path, 'the recording'), path);
}

type Item = {
  type?: string;
  role?: string;
  name?: string;
  arguments?: string;
  content?: Array<Record<string, unknown>>;
};

/** The text of a message item's parts (text, or the transcript of audio). */
function itemText(item: Item): string {
  return (item.content ?? [])
    .map((p) => (typeof p.text === 'string' ? p.text : typeof p.transcript === 'string' ? p.transcript : ''))
    .filter(Boolean)
    .join(' ');
}

/**
 * Turn one session of a recording into a script: one turn per recorded response, in order, with
 * what it said (text or spoken transcript; the emulator speaks it), the function calls it made
 * (handoffs are calls too) and a failed response's error. Each turn notes what the user had said
 * before it (`comment`); turns carry no `match`, so the replay answers in the recorded order
 * whatever the words, and says so (`fallback: 'error'`) if the test asks for more responses than
 * were recorded.
 * @example const script = scriptFromRecording(loadRecording('bug.jsonl'));
 */
export function scriptFromRecording(
  recording: Recording,
  { session }: { session?: number } = {},
): Script & {
  turns: Array<ScriptTurn & { comment?: string }>;
} {
  const name = recording.source ? `Recording ${recording.source}` : 'The recording';
  const sessions = [...new Set(recording.events.map((e) => e.session))];
  const chosen = session ?? sessions[0];
  if (chosen === undefined) throw new Error(`${name} has no events: nothing to replay`);
  if (!sessions.includes(chosen))
    throw new Error(`${name} has no session ${chosen}; it has ${sessions.join(', ')}`);
  const turns: Array<ScriptTurn & { comment?: string }> = [];
  let lastUser = '';
  let lastErrorMessage = '';
  for (const { event, from } of recording.events.filter((e) => e.session === chosen)) {
    if (from !== 'server') continue;
    if (event.type === 'conversation.item.added' || event.type === 'conversation.item.done') {
      const item = event.item as Item;
      if (item?.type === 'message' && item.role === 'user') lastUser = itemText(item) || lastUser;
    } else if (event.type === 'conversation.item.input_audio_transcription.completed') {
      if (typeof event.transcript === 'string' && event.transcript) lastUser = event.transcript;
    } else if (event.type === 'error') {
      // a failed response's message comes in its own `error` event, not in response.done
      const e = event.error as { message?: string } | undefined;
      if (typeof e?.message === 'string') lastErrorMessage = e.message;
    } else if (event.type === 'response.done') {
      const response = event.response as {
        status?: string;
        output?: Item[];
        status_details?: { error?: { code?: string; message?: string; type?: string } } | null;
      };
      const actions: ScriptAction[] = [];
      for (const item of response.output ?? []) {
        if (item.type === 'message') {
          const text = itemText(item);
          if (text) actions.push({ text });
        } else if (item.type === 'function_call' && item.name)
          actions.push({ function_call: { name: item.name, arguments: item.arguments ?? '{}' } });
      }
      const error = response.status_details?.error;
      if (response.status === 'failed' && error?.code)
        actions.push({
          error: {
            code: error.code,
            message: error.message ?? lastErrorMessage,
            ...(error.type && { type: error.type }),
          },
        });
      lastErrorMessage = '';
      if (actions.length === 0) actions.push({ text: '' });
      turns.push({
        ...(lastUser && { comment: `after the user said: ${JSON.stringify(lastUser)}` }),
        respond: actions.length === 1 ? actions[0]! : actions,
      });
    }
  }
  if (turns.length === 0)
    throw new Error(
      `Session ${chosen} of ${recording.source ?? 'the recording'} has no response.done: nothing to replay`,
    );
  return { turns, fallback: 'error' };
}
