// The emulated SIP caller: what it says (a WAV or a sentence), when, how it is paced, what it
// records, and the ring endpoint's options and outcomes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator.js';
import { writeWav } from '../speech/wav.js';
import { speechLike, TestClient } from '../test-support.js';

let emu: Emulator;
let root: string;
let silentHook: Server;
let silentHookUrl: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  root = emu.baseUrl.replace(/\/v1$/, '');
  // a webhook receiver that answers 200 and never accepts the call
  silentHook = createServer((_req, res) => res.writeHead(200).end());
  await new Promise<void>((resolve) => silentHook.listen(0, '127.0.0.1', resolve));
  silentHookUrl = `http://127.0.0.1:${(silentHook.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  silentHook?.closeAllConnections();
  await new Promise((resolve) => silentHook?.close(resolve));
  await emu?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${root}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the emulated SIP caller', () => {
  it('speaks a WAV into the line in real time once a model attaches: VAD sees one turn of its length', async () => {
    // 1.2 s of speech-like sound at 16 kHz, as a caller's WAV file
    const pcm24k = speechLike(1200);
    const pcm16k = Int16Array.from(
      { length: Math.floor((pcm24k.length * 2) / 3) },
      (_, i) => pcm24k[Math.floor((i * 3) / 2)]!,
    );
    const ring = await post('/emulator/sip/incoming', {
      wav: writeWav(pcm16k, 16000).toString('base64'),
      lead_ms: 400,
    });
    expect(ring.status).toBe(201);
    const { call_id: callId, status } = (await ring.json()) as { call_id: string; status: string };
    expect(status).toBe('ringing'); // no webhook configured: nobody was asked yet
    expect((await post(`/v1/realtime/calls/${callId}/accept`, { type: 'realtime' })).status).toBe(200);
    const t0 = performance.now();
    const side = await TestClient.connect(`${emu.wsUrl}?call_id=${callId}`);
    const started = await side.waitFor('input_audio_buffer.speech_started', 5000);
    const stopped = await side.waitFor('input_audio_buffer.speech_stopped', 5000);
    const wall = performance.now() - t0;
    // audio_*_ms are positions on the line: lead silence, then the speech (VAD padding/silence aside)
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(100);
    expect(started.audio_start_ms).toBeLessThanOrEqual(400);
    expect(stopped.audio_end_ms - started.audio_start_ms).toBeGreaterThan(1000);
    expect(stopped.audio_end_ms - started.audio_start_ms).toBeLessThan(2200);
    // real time: the line position was not reached before that much wall time passed
    expect(wall).toBeGreaterThanOrEqual(stopped.audio_end_ms - 20);
    expect((await post(`/emulator/sip/calls/${callId}/hangup`, {})).status).toBe(200);
    expect(await side.closed()).toBe(1000);
    const state = await (await fetch(`${root}/emulator/sip/calls/${callId}`)).json();
    expect(state).toMatchObject({ call_id: callId, status: 'ended', end_reason: 'caller hung up' });
    expect((await post(`/emulator/sip/calls/${callId}/hangup`, {})).status).toBe(404);
  });

  it('a call nobody accepts within answer_timeout_ms is dropped: status timeout', async () => {
    const ring = await post('/emulator/sip/incoming', {
      say: 'Hello?',
      webhook_url: silentHookUrl,
      answer_timeout_ms: 150,
      wait: true,
    });
    expect(await ring.json()).toMatchObject({ webhook_status: 200, status: 'timeout' });
  });

  it('refuses bad options with the option named', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ say: 'hi', wav: 'UklGRg==' }, /either 'say' or 'wav'/],
      [{ say: 42 }, /'say' must be the sentence/],
      [{ wav: 'bm90IGEgd2F2' }, /'wav' must be a base64 PCM16 mono WAV file/],
      [{ lead_ms: -5 }, /'lead_ms' must be a number of milliseconds between 0 and 600000 \(got -5\)/],
      [{ answer_timeout_ms: 'soon' }, /'answer_timeout_ms' must be/],
    ];
    for (const [body, message] of cases) {
      const res = await post('/emulator/sip/incoming', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it('an unknown call has no state or recording (404)', async () => {
    expect((await fetch(`${root}/emulator/sip/calls/rtc_nope/recording`)).status).toBe(404);
    expect((await fetch(`${root}/emulator/sip/calls/rtc_nope`)).status).toBe(404);
  });
});
