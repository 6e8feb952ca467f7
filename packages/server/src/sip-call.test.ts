/**
 * A whole phone call over real sockets: the emulator rings → signed webhook → sipWebhookHandler
 * verifies and accepts → the session attaches → the emulated caller speaks (μ-law 8 kHz, real time)
 * → server VAD → the agent uses a tool and answers with audio into the line → refer → the session
 * ends. The recording is measured with sox.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealtimeAgent, RealtimeRunner, type SessionEvent, tool } from '@realtime-agents/core';
import { createSynthesizer, type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toNodeHandler } from './node-handler.js';
import { type SipCallEvent, type SipRealtimeSession, sipWebhookHandler } from './sip-webhook-handler.js';

const SECRET = `whsec_${Buffer.from('sip-call-test-secret').toString('base64')}`;
const KEY = 'sk-sip-call-test';
const TRANSFER = 'Please transfer my call to a human operator.';
const QUESTION = 'Hello, what time do you open tomorrow morning?';
let spoken = TRANSFER;
let emu: Emulator;
let server: Server;
let webhookUrl: string;
let dir: string;
const events: SipCallEvent[] = [];
const sessions: Array<{ session: SipRealtimeSession; log: Array<{ at: number; event: SessionEvent }> }> = [];
const synth = createSynthesizer();

const transferCall = tool({
  name: 'transfer_call',
  description: 'Transfer the caller to a human operator',
  parameters: z.object({}),
  execute: async () => 'An operator is free on extension 42.',
});
const receptionist = new RealtimeAgent({
  name: 'Receptionist',
  instructions: 'You answer the phone for a bakery.',
  tools: [transferCall],
});

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    webhookSecret: SECRET,
    // No speech recognizer runs offline; the caller's words are known, so the transcript is them —
    // for audio long enough to be the sentence (VAD must have cut the turn at its end).
    transcriber: {
      transcribe: async (pcm) => {
        const expected = (await synth.synthesize(spoken, 'alloy', 1)).length;
        return pcm.length >= expected * 0.8 ? spoken : '';
      },
    },
  });
  const runner = new RealtimeRunner({
    apiKey: KEY,
    baseUrl: emu.baseUrl,
    reconnect: false,
    voice: 'alloy',
    inputAudioTranscription: { model: 'gpt-4o-transcribe' },
  });
  const handler = sipWebhookHandler({
    secret: SECRET,
    runner,
    onIncomingCall: () => ({ action: 'accept', agent: receptionist }),
    onSession: (session) => {
      const log: Array<{ at: number; event: SessionEvent }> = [];
      session.on('*', (event) => log.push({ at: performance.now(), event }));
      sessions.push({ session, log });
    },
    onEvent: (e) => events.push(e),
  });
  server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/webhook`;
  dir = mkdtempSync(join(tmpdir(), 'sip-call-'));
});

afterAll(async () => {
  for (const { session } of sessions) session.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const root = () => emu.baseUrl.replace(/\/v1$/, '');

async function ring(say: string): Promise<string> {
  spoken = say;
  const res = await fetch(`${root()}/emulator/sip/incoming`, {
    method: 'POST',
    body: JSON.stringify({
      from: 'sip:+15555550100@carrier.example',
      say,
      webhook_url: webhookUrl,
      wait: true,
    }),
  });
  const ring = (await res.json()) as { call_id: string; webhook_status: number; status: string };
  expect(ring).toMatchObject({ webhook_status: 200, status: 'accepted' });
  return ring.call_id;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function soxStats(file: string) {
  // sox writes stats to stderr
  return execFileSync('sh', ['-c', `sox "${file}" -n stats 2>&1`], { encoding: 'utf8' });
}

async function recording(callId: string): Promise<Buffer> {
  const res = await fetch(`${root()}/emulator/sip/calls/${callId}/recording`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('audio/wav');
  return Buffer.from(await res.arrayBuffer());
}

const typesOf = (log: Array<{ event: SessionEvent }>) => log.map((l) => l.event.type);

describe('a SIP phone call, end to end', () => {
  it('caller speaks → VAD → the agent uses a tool and answers with audio → refer → the session ends', async () => {
    const callId = await ring(TRANSFER);
    const { session, log } = await until('the session', () =>
      sessions.find((s) => s.session.callId === callId),
    );
    // the answer after the tool has been played into the line: transfer the caller
    const toolEnd = await until('tool_end', () => log.find((l) => l.event.type === 'tool_end'));
    const answer = await until('the spoken answer', () =>
      log.find((l) => l.at > toolEnd.at && l.event.type === 'agent_end'),
    );
    await until('audio_end', () => log.find((l) => l.at > answer.at && l.event.type === 'audio_end'));
    await session.refer('tel:+14155550123');
    await until('session_ended', () => events.find((e) => e.type === 'session_ended' && e.callId === callId));
    expect(session.closed).toBe(true);

    const types = typesOf(log);
    expect(types).toContain('speech_started');
    expect(types).toContain('speech_stopped');
    const userText = log.find(
      (l) => l.event.type === 'transcript' && l.event.role === 'user' && l.event.final,
    );
    expect(userText && 'text' in userText.event && userText.event.text).toBe(TRANSFER);
    expect(toolEnd.event).toMatchObject({ toolName: 'transfer_call', ok: true });
    const output = (answer.event as Extract<SessionEvent, { type: 'agent_end' }>).output;
    expect(output).toMatch(/extension 42/);
    expect(types.filter((t) => t === 'error')).toEqual([]);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);

    const state = await (await fetch(`${root()}/emulator/sip/calls/${callId}`)).json();
    expect(state).toMatchObject({ status: 'ended', end_reason: 'call referred to tel:+14155550123' });

    // The recording holds exactly the spoken answer: its synthesized length, at 8 kHz.
    const expectedSec = (await synth.synthesize(output, 'alloy', 1)).length / 24000;
    const wav = await recording(callId);
    const file = join(dir, 'answer.wav');
    writeFileSync(file, wav);
    const info = execFileSync('sox', ['--i', file], { encoding: 'utf8' });
    expect(info).toMatch(/Sample Rate\s*:\s*8000/);
    expect(info).toMatch(/Channels\s*:\s*1/);
    const duration = Number(execFileSync('sox', ['--i', '-D', file], { encoding: 'utf8' }));
    expect(Math.abs(duration - expectedSec)).toBeLessThanOrEqual(0.02);
    const stats = soxStats(file);
    const rms = Number(/RMS lev dB\s+(-?[\d.]+)/.exec(stats)?.[1]);
    expect(rms).toBeGreaterThan(-35);
    const peak = Number(/Pk lev dB\s+(-?[\d.]+)/.exec(stats)?.[1]);
    expect(peak).toBeLessThan(0); // not clipped
    // Played in real time: the line was busy for at least the answer's length of wall time.
    const responseId = (answer.event as Extract<SessionEvent, { type: 'agent_end' }>).responseId;
    const buffer = (type: string) =>
      log.find(
        (l) =>
          l.event.type === 'raw' &&
          l.event.event.type === type &&
          (l.event.event as { response_id?: string }).response_id === responseId,
      )?.at;
    const wallSec =
      ((buffer('output_audio_buffer.stopped') ?? 0) - (buffer('output_audio_buffer.started') ?? 0)) / 1000;
    expect(wallSec).toBeGreaterThanOrEqual(duration - 0.05);
    console.log(
      `answer recording: ${duration.toFixed(3)} s (synthesized ${expectedSec.toFixed(3)} s), RMS ${rms} dBFS, peak ${peak} dBFS, played over ${wallSec.toFixed(3)} s`,
    );
  }, 40_000);

  it('the caller hangs up mid-answer: the socket closes, the session ends, the recording stops there', async () => {
    const callId = await ring(QUESTION);
    const { session, log } = await until('the session', () =>
      sessions.find((s) => s.session.callId === callId),
    );
    const start = await until('the answer starting', () =>
      log.find((l) => l.event.type === 'raw' && l.event.event.type === 'output_audio_buffer.started'),
    );
    const answer = await until('the answer text', () =>
      log.find((l) => l.event.type === 'transcript' && l.event.role === 'assistant' && l.event.final),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, start.at + 600 - performance.now())));
    const hangup = await fetch(`${root()}/emulator/sip/calls/${callId}/hangup`, { method: 'POST' });
    expect(hangup.status).toBe(200);
    await until('session_ended', () => events.find((e) => e.type === 'session_ended' && e.callId === callId));
    expect(session.closed).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const state = await (await fetch(`${root()}/emulator/sip/calls/${callId}`)).json();
    expect(state).toMatchObject({ status: 'ended', end_reason: 'caller hung up' });
    const fullSec =
      (await synth.synthesize((answer.event as { text: string }).text, 'alloy', 1)).length / 24000;
    const file = join(dir, 'cut.wav');
    writeFileSync(file, await recording(callId));
    const duration = Number(execFileSync('sox', ['--i', '-D', file], { encoding: 'utf8' }));
    expect(duration).toBeGreaterThan(0.4);
    expect(duration).toBeLessThan(Math.min(1.2, fullSec - 0.5));
    console.log(`cut recording: ${duration.toFixed(3)} s of a ${fullSec.toFixed(3)} s answer`);
  }, 40_000);
});
