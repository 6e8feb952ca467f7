#!/usr/bin/env node
/**
 * `realtime-emulator --port 8787 [--script file.json | --replay rec.jsonl] [--api-key KEY] [--tls]
 *  [--fault a,b] [--webhook-url URL] [--webhook-secret whsec_…]` — prints the URLs it serves and a
 * line per session. `--record rec.jsonl [--upstream URL]` records a real session instead (a
 * recording proxy, see `record/recorder.ts`); `--to-script rec.jsonl` prints a recording as a script.
 * @module
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';
import { startRecorder } from './record/recorder.js';
import { loadRecording, scriptFromRecording } from './record/recording.js';

const USAGE = `Usage: realtime-emulator [--port 8787] [--script turns.json | --replay rec.jsonl [--replay-session 1]]
                         [--api-key sk-…] [--tls] [--fault name[,name]] [--webhook-url URL]
                         [--webhook-secret whsec_…] [--stream-interval-ms 10] [--session-max-minutes 60]
       realtime-emulator --record rec.jsonl [--upstream https://api.openai.com/v1] [--port 8787]
       realtime-emulator --to-script rec.jsonl [--replay-session 1]`;

/** `--replay-session` as a number (1 when absent). */
function replaySession(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--replay-session must be a session number ≥ 1, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer 0–65535, got '${values.port}'\n${USAGE}`);
    process.exit(2);
  }
  const stamp = () => new Date().toISOString().slice(11, 23);
  const modes = (['script', 'replay', 'record', 'to-script'] as const).filter((m) => values[m] !== undefined);
  if (modes.length > 1 && !(modes.length === 2 && modes.includes('to-script') && modes.includes('replay'))) {
    console.error(`--${modes.join(' and --')} cannot be used together\n${USAGE}`);
    process.exit(2);
  }
  if (values['to-script']) {
    const script = scriptFromRecording(loadRecording(values['to-script']), {
      session: replaySession(values['replay-session']),
    });
    console.log(JSON.stringify(script, null, 2));
    return;
  }
  if (values.record) {
    const recorder = await startRecorder({
      file: values.record,
      upstream: values.upstream,
      port,
      onLog: (line) => console.log(`${stamp()} ${line}`),
    });
    console.log(`Recording Realtime API sessions to ${values.record}`);
    console.log(`  Base URL          ${recorder.baseUrl}   (use it as your app's Realtime API base URL)`);
    console.log(`  WebSocket         ${recorder.baseUrl.replace(/^http/, 'ws')}/realtime?model=gpt-realtime`);
    console.log(`  Upstream          ${values.upstream ?? 'https://api.openai.com/v1'}`);
    console.log(`  Replay it with    realtime-emulator --replay ${values.record}`);
    const stop = async () => {
      await recorder.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  const script = values.replay
    ? scriptFromRecording(loadRecording(values.replay), { session: replaySession(values['replay-session']) })
    : values.script;
  const emu = await startEmulator({
    port,
    apiKey: values['api-key'],
    script,
    tls: values.tls,
    faults: values.fault ? values.fault.split(',') : undefined,
    webhookUrl: values['webhook-url'],
    webhookSecret: values['webhook-secret'],
    streamIntervalMs: values['stream-interval-ms'] ? Number(values['stream-interval-ms']) : undefined,
    sessionMaxMs: values['session-max-minutes'] ? Number(values['session-max-minutes']) * 60_000 : undefined,
    onLog: (line) => console.log(`${stamp()} ${line}`),
  });
  const root = emu.baseUrl.replace(/\/v1$/, '');
  console.log(`Realtime API emulator listening on ${root}`);
  console.log(`  REST base URL     ${emu.baseUrl}`);
  console.log(`  WebSocket         ${emu.wsUrl}?model=gpt-realtime`);
  console.log(`  Client secrets    POST ${emu.baseUrl}/realtime/client_secrets`);
  console.log(`  WebRTC (SDP)      POST ${emu.baseUrl}/realtime/calls`);
  console.log(`  Calls API         POST ${emu.baseUrl}/realtime/calls/{call_id}/accept|reject|refer|hangup`);
  console.log(`  SIP test call     POST ${root}/emulator/sip/incoming`);
  console.log(`  Event log         GET  ${root}/emulator/log?session=sess_…`);
  console.log(
    `  Keys              ${values['api-key'] ? 'the configured --api-key' : "any 'sk-…' key"} (+ ek_ secrets minted here)`,
  );
  if (values.script) console.log(`  Script            ${values.script}`);
  if (values.replay)
    console.log(
      `  Replaying         ${values.replay} (${(script as { turns: unknown[] }).turns.length} responses)`,
    );
  const stop = async () => {
    await emu.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      script: { type: 'string' },
      'api-key': { type: 'string' },
      tls: { type: 'boolean' },
      fault: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'stream-interval-ms': { type: 'string' },
      'session-max-minutes': { type: 'string' },
      record: { type: 'string' },
      upstream: { type: 'string' },
      replay: { type: 'string' },
      'replay-session': { type: 'string' },
      'to-script': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}

main().catch((error: unknown) => {
  console.error(`realtime-emulator: ${(error as Error).message}`);
  process.exit(1);
});
