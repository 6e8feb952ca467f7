// Record / replay: a session recorded through the recording proxy (here against a scripted emulator
// standing in for the real API, on loopback), turned into a script, and replayed: the same
// conversation gets the same answers, tool calls and handoff. Plus the file format's edges and
// the CLI (`--record`, `--replay`, `--to-script`, misuse) as a child process of the built dist/cli.js.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator.js';
import { TestClient, type WireEvent } from '../test-support.js';
import { startRecorder } from './recorder.js';
import { loadScript, parseScript } from '../brain/script-brain.js';
import {
  loadRecording,
  parseRecording,
  REDACTED,
  recordable,
  safeUrl,
  scriptFromRecording,
} from './recording.js';

const dir = mkdtempSync(join(tmpdir(), 'realtime-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOOLS = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
  {
    type: 'function',
    name: 'transfer_to_spanish',
    description: 'Hand off',
    parameters: { type: 'object', properties: {} },
  },
];

/** What the "real" API says in the recorded session. */
const UPSTREAM_SCRIPT = {
  turns: [
    { match: 'hello', respond: { text: 'Hi! Ask me about the weather.' } },
    { match: 'paris', respond: { function_call: { name: 'get_weather', arguments: { city: 'Paris' } } } },
    { respond: { text: 'It is sunny in Paris, 22 degrees.' } },
    { match: 'spanish', respond: [{ text: 'Un momento.' }, { handoff: 'spanish' }] },
    { respond: { error: { code: 'server_error', message: 'The server had an error.' } } },
  ],
};

/**
 * The conversation a user's app has: three user turns, the tool's output sent back. Returns what
 * each response did (text said, calls made, errors).
 */
async function converse(wsUrl: string): Promise<string[]> {
  const c = await TestClient.open(wsUrl, { tools: TOOLS, output_modalities: ['text'] });
  const outcomes: string[] = [];
  const respond = async () => {
    const from = c.events.length;
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done', 10_000, from);
    const r = done.response as {
      status: string;
      output: WireEvent[];
      status_details?: { error?: { code: string } };
    };
    const parts = r.output.map((item) =>
      item.type === 'function_call'
        ? `call ${item.name}(${item.arguments})`
        : `say ${JSON.stringify((item.content as Array<{ text?: string; transcript?: string }>).map((p) => p.text ?? p.transcript).join(''))}`,
    );
    if (r.status === 'failed') parts.push(`failed ${r.status_details?.error?.code}`);
    outcomes.push(parts.join(' + '));
    return r.output;
  };
  const user = (text: string) =>
    c.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
  user('Hello there');
  await respond();
  user("What's the weather in Paris?");
  const [call] = await respond();
  c.send({
    type: 'conversation.item.create',
    item: { type: 'function_call_output', call_id: call!.call_id, output: 'Sunny, 22°C' },
  });
  await respond();
  user('Can we speak Spanish?');
  await respond();
  user('And now?');
  await respond();
  await c.close();
  return outcomes;
}

describe('record and replay', () => {
  it('records a session through the proxy, and its replay answers the same conversation the same way', async () => {
    const upstream = await startEmulator({ script: UPSTREAM_SCRIPT });
    const file = join(dir, 'bug.jsonl');
    const lines: string[] = [];
    const recorder = await startRecorder({ file, upstream: upstream.baseUrl, onLog: (l) => lines.push(l) });
    let recorded: string[];
    try {
      recorded = await converse(`${recorder.baseUrl.replace(/^http/, 'ws')}/realtime`);
    } finally {
      await recorder.close();
      await upstream.close();
    }
    expect(recorded).toEqual([
      'say "Hi! Ask me about the weather."',
      'call get_weather({"city":"Paris"})',
      'say "It is sunny in Paris, 22 degrees."',
      'say "Un momento." + call transfer_to_spanish({})',
      'failed server_error',
    ]);
    expect(recorder.sessions).toBe(1);
    expect(lines[0]).toMatch(/^session 1 recording ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);

    const recording = loadRecording(file);
    expect(recording.header).toMatchObject({ recording: 'realtime-agents', version: 1 });
    // both directions, in order, timed from the connect; no key anywhere in the file
    expect(recording.events[0]).toMatchObject({
      session: 1,
      from: 'server',
      event: { type: 'session.created' },
    });
    expect(recording.events.some((e) => e.from === 'client' && e.event.type === 'response.create')).toBe(
      true,
    );
    expect(readFileSync(file, 'utf8')).not.toMatch(/sk-test|Bearer/);

    const script = scriptFromRecording(recording);
    expect(script).toEqual({
      fallback: 'error',
      turns: [
        { comment: 'after the user said: "Hello there"', respond: { text: 'Hi! Ask me about the weather.' } },
        {
          comment: `after the user said: "What's the weather in Paris?"`,
          respond: { function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        },
        {
          comment: `after the user said: "What's the weather in Paris?"`,
          respond: { text: 'It is sunny in Paris, 22 degrees.' },
        },
        {
          comment: 'after the user said: "Can we speak Spanish?"',
          respond: [
            { text: 'Un momento.' },
            { function_call: { name: 'transfer_to_spanish', arguments: '{}' } },
          ],
        },
        {
          comment: 'after the user said: "And now?"',
          respond: {
            error: { code: 'server_error', message: 'The server had an error.', type: 'server_error' },
          },
        },
      ],
    });
    expect(() => parseScript(script)).not.toThrow();

    // the replay: the same conversation, answered from the recording alone
    const replay = await startEmulator({ script });
    try {
      expect(await converse(replay.wsUrl)).toEqual(recorded);
      // each session replays from the start; one response more than was recorded, and the
      // replay says so instead of improvising
      const c = await TestClient.open(replay.wsUrl);
      for (let i = 0; i < 5; i++) {
        const from = c.events.length;
        c.send({ type: 'response.create' });
        await c.waitFor('response.done', 10_000, from);
      }
      c.send({ type: 'response.create' });
      const error = await c.next((e) => e.type === 'error', 10_000);
      expect(error.error).toMatchObject({ code: 'script_exhausted' });
      await c.close();
    } finally {
      await replay.close();
    }
  });

  it('passes client secrets through, and a refused handshake is refused the same way', async () => {
    const upstream = await startEmulator({ apiKey: 'sk-real' });
    const recorder = await startRecorder({ file: join(dir, 'secrets.jsonl'), upstream: upstream.baseUrl });
    try {
      const res = await fetch(`${recorder.baseUrl}/realtime/client_secrets`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-real', 'content-type': 'application/json' },
        body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
      });
      expect(res.status).toBe(200);
      const { value } = (await res.json()) as { value: string };
      expect(value).toMatch(/^ek_/);
      // a browser's way: the minted key as a subprotocol
      const ws = `${recorder.baseUrl.replace(/^http/, 'ws')}/realtime?model=gpt-realtime`;
      const c = await TestClient.connect(ws, '', ['realtime', `openai-insecure-api-key.${value}`]);
      await c.waitFor('session.created');
      await c.close();
      await expect(TestClient.connect(ws, 'sk-wrong')).rejects.toMatchObject({ status: 401 });
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });

  it("writes no credential: not the key, not an ephemeral key, not an MCP tool's authorization", async () => {
    const upstream = await startEmulator({ apiKey: 'sk-live-secret-1234' });
    const file = join(dir, 'no-secrets.jsonl');
    const recorder = await startRecorder({ file, upstream: upstream.baseUrl });
    try {
      const ws = `${recorder.baseUrl.replace(/^http/, 'ws')}/realtime?model=gpt-realtime`;
      // the key in the Authorization header
      const c = await TestClient.connect(ws, 'sk-live-secret-1234');
      await c.waitFor('session.created');
      c.send({
        type: 'session.update',
        session: {
          type: 'realtime',
          instructions: 'Never read out sk-proj-typed-in-instructions to anyone.',
          tools: [
            {
              type: 'mcp',
              server_label: 'crm',
              server_url: 'https://mcp.example.com',
              authorization: 'oauth-token-abcdef',
              headers: { 'X-Api-Key': 'mcp-header-key-987' },
            },
          ],
        },
      });
      await c.waitFor('session.updated');
      await c.close();
      // an ephemeral key minted through the recorder, used as a browser does (a subprotocol)
      const minted = await fetch(`${recorder.baseUrl}/realtime/client_secrets`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-live-secret-1234', 'content-type': 'application/json' },
        body: '{}',
      });
      const { value } = (await minted.json()) as { value: string };
      const b = await TestClient.connect(ws, '', ['realtime', `openai-insecure-api-key.${value}`]);
      await b.waitFor('session.created');
      b.send({
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: `my key is ${value}` }],
        },
      });
      await b.waitFor('conversation.item.added');
      await b.close();
      await new Promise((r) => setTimeout(r, 100));
      const text = readFileSync(file, 'utf8');
      for (const secret of [
        'sk-live-secret-1234',
        'sk-proj-typed',
        'oauth-token-abcdef',
        'mcp-header-key-987',
        value,
        'Bearer',
      ])
        expect(text, secret).not.toContain(secret);
      // what was there is still recorded, credentials marked
      const events = loadRecording(file).events;
      expect(events.filter((e) => e.event.type === 'session.created').map((e) => e.session)).toEqual([1, 2]);
      const update = events.find((e) => e.event.type === 'session.update')!.event as unknown as {
        session: { instructions: string; tools: Array<Record<string, unknown>> };
      };
      expect(update.session.instructions).toBe(`Never read out ${REDACTED} to anyone.`);
      expect(update.session.tools[0]).toMatchObject({
        server_label: 'crm',
        authorization: REDACTED,
        headers: REDACTED,
      });
      expect(safeUrl('wss://user:pass@api.example.com/v1/realtime?model=gpt-realtime&key=k#x')).toBe(
        'wss://api.example.com/v1/realtime',
      );
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });

  it('a recording is a script file: loadScript and startEmulator({ script: file }) replay it', async () => {
    const upstream = await startEmulator({ script: UPSTREAM_SCRIPT });
    const file = join(dir, 'as-script.jsonl');
    const recorder = await startRecorder({ file, upstream: upstream.baseUrl });
    let recorded: string[];
    try {
      recorded = await converse(`${recorder.baseUrl.replace(/^http/, 'ws')}/realtime`);
    } finally {
      await recorder.close();
      await upstream.close();
    }
    expect(loadScript(file)).toEqual(scriptFromRecording(loadRecording(file)));
    const replay = await startEmulator({ script: file });
    try {
      expect(await converse(replay.wsUrl)).toEqual(recorded);
    } finally {
      await replay.close();
    }
  });

  it('a missing, empty, cut-short or malformed file is refused naming the file, the line and the problem', () => {
    const missing = join(dir, 'missing.jsonl');
    expect(() => loadRecording(missing)).toThrow(
      `Cannot read the recording ${missing}: no such file (ENOENT)`,
    );
    expect(() => loadScript(missing)).toThrow(`Cannot read the script ${missing}: no such file (ENOENT)`);
    expect(() => loadRecording(dir)).toThrow(`Cannot read the recording ${dir}: it is a directory (EISDIR)`);
    const header = JSON.stringify({
      recording: 'realtime-agents',
      version: 1,
      upstream: 'x',
      startedAt: 'y',
    });
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const empty = write('empty.jsonl', '\n');
    expect(() => loadRecording(empty)).toThrow(
      `${empty} is empty: not a realtime-emulator recording (make one with realtime-emulator --record FILE)`,
    );
    const event = JSON.stringify({ session: 1, t: 5, from: 'server', event: { type: 'session.created' } });
    const cut = write('cut.jsonl', `${header}\n${event}\n{"session":1,"t":9,"fr`);
    expect(() => loadRecording(cut)).toThrow(
      `${cut} line 3 is not JSON (the file may be cut short): {"session":1,"t":9,"fr`,
    );
    expect(() => loadScript(cut)).toThrow(`${cut} line 3 is not JSON`);
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { session: 1, t: 0, from: 'browser', event: { type: 'x' } },
        '"from" must be "client" or "server", got "browser"',
      ],
      [
        { session: 0, t: 0, from: 'server', event: { type: 'x' } },
        '"session" must be a session number ≥ 1, got 0',
      ],
      [{ session: 1, t: '0', from: 'server', event: { type: 'x' } }, '"t" must be milliseconds, got "0"'],
      [{ session: 1, t: 0, from: 'server', event: {} }, '"event" must be an object with a "type"'],
    ];
    for (const [bad, problem] of cases) {
      const path = write('bad.jsonl', `${header}\n${event}\n\n${JSON.stringify(bad)}\n`);
      expect(() => loadRecording(path)).toThrow(
        `${path} line 4 is not a recorded event { session, t, from, event }: ${problem}`,
      );
    }
    const future = write('v2.jsonl', `${JSON.stringify({ recording: 'realtime-agents', version: 2 })}\n`);
    expect(() => loadRecording(future)).toThrow(
      `${future} is recording version 2; this emulator reads version 1`,
    );
    const noResponse = write('no-response.jsonl', `${header}\n${event}\n`);
    expect(() => loadScript(noResponse)).toThrow(
      `Session 1 of ${noResponse} has no response.done: nothing to replay`,
    );
    const notJson = write('not-json.json', '{ turns: [ }');
    expect(() => loadScript(notJson)).toThrow(`Script ${notJson} is not JSON (`);
  });

  it('records audio as its size, and refuses files that are not recordings, naming the line', () => {
    expect(recordable({ type: 'response.output_audio.delta', delta: 'AAAAAAAA' })).toEqual({
      type: 'response.output_audio.delta',
      delta: '<6 bytes of audio>',
    });
    expect(recordable({ type: 'input_audio_buffer.append', audio: 'AAAA' }).audio).toBe('<3 bytes of audio>');
    expect(() => parseRecording('{"turns":[]}\n', 'turns.json')).toThrow(
      'turns.json is not a realtime-emulator recording (its first line must be {"recording":"realtime-agents",…}; make one with realtime-emulator --record FILE)',
    );
    const header = JSON.stringify({
      recording: 'realtime-agents',
      version: 1,
      upstream: 'x',
      startedAt: 'y',
    });
    expect(() => parseRecording(`${header}\nnot json\n`, 'bug.jsonl')).toThrow(
      'bug.jsonl line 2 is not JSON: not json',
    );
    expect(() => scriptFromRecording(parseRecording(`${header}\n`))).toThrow(
      'The recording has no events: nothing to replay',
    );
    const one = `${header}\n${JSON.stringify({ session: 1, t: 0, from: 'server', event: { type: 'session.created' } })}\n`;
    expect(() => scriptFromRecording(parseRecording(one), { session: 2 })).toThrow(
      'The recording has no session 2; it has 1',
    );
    expect(() => scriptFromRecording(parseRecording(one))).toThrow(
      'Session 1 of the recording has no response.done: nothing to replay',
    );
  });
});

describe('the CLI: --record, --replay, --to-script', () => {
  const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  const procs: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  });
  const run = (args: string[]) => {
    const proc = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
    procs.push(proc);
    const out = { stdout: '', stderr: '' };
    proc.stdout.on('data', (d) => (out.stdout += d));
    proc.stderr.on('data', (d) => (out.stderr += d));
    const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
    const printed = async (re: RegExp) => {
      for (let i = 0; i < 200 && !re.test(out.stdout); i++) await new Promise((r) => setTimeout(r, 50));
      return re.exec(out.stdout);
    };
    return { proc, out, exited, printed };
  };
  const file = join(dir, 'cli.jsonl');

  it('records through the CLI, prints the script, and replays it', async () => {
    const upstream = await startEmulator({ script: UPSTREAM_SCRIPT });
    try {
      const rec = run(['--record', file, '--upstream', upstream.baseUrl, '--port', '0']);
      const base = (await rec.printed(/Base URL\s+(http:\/\/127\.0\.0\.1:\d+\/v1)/))?.[1];
      expect(base, rec.out.stderr).toBeTruthy();
      expect(rec.out.stdout).toContain(`Replay it with    realtime-emulator --replay ${file}`);
      const recorded = await converse(`${base!.replace(/^http/, 'ws')}/realtime`);
      rec.proc.kill('SIGTERM');
      expect(await rec.exited).toBe(0);

      const print = run(['--to-script', file]);
      expect(await print.exited).toBe(0);
      expect(JSON.parse(print.out.stdout)).toEqual(scriptFromRecording(loadRecording(file)));

      const replay = run(['--replay', file, '--port', '0']);
      const ws = (await replay.printed(/WebSocket\s+(ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime)/))?.[1];
      expect(replay.out.stdout).toContain(`Replaying         ${file} (5 responses)`);
      expect(await converse(ws!)).toEqual(recorded);
      replay.proc.kill('SIGTERM');
      expect(await replay.exited).toBe(0);
    } finally {
      await upstream.close();
    }
  }, 30_000);

  it('refuses --replay with --script, a missing file, and a file that is not a recording', async () => {
    const both = run(['--replay', file, '--script', 'turns.json']);
    expect(await both.exited).toBe(2);
    expect(both.out.stderr).toContain('--script and --replay cannot be used together');
    const missing = run(['--replay', join(dir, 'nope.jsonl')]);
    expect(await missing.exited).toBe(1);
    expect(missing.out.stderr).toContain(
      `realtime-emulator: Cannot read the recording ${join(dir, 'nope.jsonl')}: no such file (ENOENT)`,
    );
    const notRec = join(dir, 'turns.json');
    writeFileSync(notRec, JSON.stringify({ turns: [] }));
    const bad = run(['--replay', notRec]);
    expect(await bad.exited).toBe(1);
    expect(bad.out.stderr).toContain(`realtime-emulator: ${notRec} is not a realtime-emulator recording`);
  });
});
