// Integration: the real emulator (HTTP server + engine + this folder) with a werift client peer
// playing the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Emulator, startEmulator } from '../emulator.js';
import {
  createTestClient,
  decodeOpusPackets,
  encodeOpusFrames,
  rms,
  sine,
  type TestClient,
  waitFor,
} from './test-support.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, streamIntervalMs: 40 });
});
afterAll(async () => {
  await emu?.close();
});

interface Connected {
  client: TestClient;
  callId: string;
  events: () => Record<string, unknown>[];
  types: () => string[];
  send: (event: Record<string, unknown>) => void;
}

async function connect(headers: Record<string, string> = {}): Promise<Connected> {
  const client = await createTestClient();
  const res = await fetch(`${emu.baseUrl}/realtime/calls`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test-key', 'Content-Type': 'application/sdp', ...headers },
    body: client.offer,
  });
  const body = await res.text();
  expect(res.status, body).toBe(201);
  await client.pc.setRemoteDescription({ type: 'answer', sdp: body });
  const callId = res.headers.get('location')!.split('/').pop()!;
  const events = () => client.messages.map((m) => JSON.parse(m) as Record<string, unknown>);
  return {
    client,
    callId,
    events,
    types: () => events().map((e) => e.type as string),
    send: (event) => client.dc.send(JSON.stringify(event)),
  };
}

async function userText(c: Connected, text: string) {
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
  c.send({ type: 'response.create' });
}

describe('WebRTC through the real emulator', () => {
  it('session.created on open, session.updated, a text turn answered with paced speech on the track', async () => {
    const t0 = performance.now();
    const c = await connect();
    await waitFor(() => c.types().includes('session.created'), 'session.created', 10_000);
    const connectMs = performance.now() - t0;
    c.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Be brief.' } });
    await waitFor(() => c.types().includes('session.updated'), 'session.updated');
    const updated = c.events().find((e) => e.type === 'session.updated') as {
      session: { instructions: string };
    };
    expect(updated.session.instructions).toBe('Be brief.');

    const before = c.client.received.length;
    await userText(c, 'Hello there, how are you?');
    await waitFor(
      () => c.types().includes('output_audio_buffer.stopped'),
      'output_audio_buffer.stopped',
      20_000,
    );
    const types = c.types();
    expect(types).not.toContain('response.output_audio.delta');
    expect(types).toContain('response.output_audio.done');
    const started = types.indexOf('output_audio_buffer.started');
    const done = types.indexOf('response.done');
    const stopped = types.indexOf('output_audio_buffer.stopped');
    expect(started).toBeGreaterThan(types.indexOf('response.created'));
    expect(stopped).toBeGreaterThan(done);
    const packets = c.client.received.slice(before);
    expect(packets.length).toBeGreaterThan(25);
    const spanMs = packets[packets.length - 1]!.at - packets[0]!.at;
    expect(spanMs).toBeGreaterThan((packets.length - 1) * 20 * 0.9); // real time, not a burst
    const speech = decodeOpusPackets(packets.map((p) => p.payload));
    expect(rms(speech)).toBeGreaterThan(0.01); // audible speech, not silence
    console.log(
      `emulator webrtc: session.created after ${connectMs.toFixed(0)} ms; reply ${packets.length} packets over ${spanMs.toFixed(0)} ms, rms ${(20 * Math.log10(rms(speech))).toFixed(1)} dBFS`,
    );
    await c.client.close();
  });

  it('output_audio_buffer.clear mid-playback → cleared + truncated with the ms really played', async () => {
    const c = await connect();
    await waitFor(() => c.types().includes('session.created'), 'session.created', 10_000);
    await userText(c, 'Please tell me a long story about the sea and the ships that sail on it every day.');
    await waitFor(() => c.types().includes('output_audio_buffer.started'), 'started', 10_000);
    const startedAt = performance.now();
    await new Promise((r) => setTimeout(r, 700));
    c.send({ type: 'output_audio_buffer.clear' });
    const clearedAt = performance.now() - startedAt;
    await waitFor(() => c.types().includes('conversation.item.truncated'), 'truncated', 10_000);
    const truncated = c.events().find((e) => e.type === 'conversation.item.truncated') as {
      audio_end_ms: number;
    };
    expect(c.types()).toContain('output_audio_buffer.cleared');
    // Client-side times vs the server's: off by the channel latency both ways (plus load).
    expect(Math.abs(truncated.audio_end_ms - clearedAt)).toBeLessThan(250);
    const n = c.client.received.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(c.client.received.length - n).toBeLessThanOrEqual(6); // in flight at most; playing on would add 15
    expect(c.types()).not.toContain('output_audio_buffer.stopped');
    await c.client.close();
  });

  it('barge-in: the caller speaking during playback clears the buffer and truncates to what was played', async () => {
    const c = await connect();
    await waitFor(() => c.types().includes('session.created'), 'session.created', 10_000);
    await userText(c, 'Please tell me a long story about the sea and the ships that sail on it every day.');
    await waitFor(() => c.types().includes('output_audio_buffer.started'), 'started', 10_000);
    const startedAt = performance.now();
    await new Promise((r) => setTimeout(r, 600));
    const voice = encodeOpusFrames(sine(220, 48000, 24000, 0.4)); // 500 ms of "speech"
    const speakAt = performance.now() - startedAt;
    const t0 = performance.now();
    for (let i = 0; i < voice.length && !c.types().includes('output_audio_buffer.cleared'); i++) {
      c.client.sendOpus(voice[i]!, i * 960);
      const wait = t0 + (i + 1) * 20 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await waitFor(() => c.types().includes('conversation.item.truncated'), 'truncated', 10_000);
    const types = c.types();
    expect(types.indexOf('input_audio_buffer.speech_started')).toBeLessThan(
      types.indexOf('output_audio_buffer.cleared'),
    );
    expect(types.indexOf('output_audio_buffer.cleared')).toBeLessThan(
      types.indexOf('conversation.item.truncated'),
    );
    const truncated = c.events().find((e) => e.type === 'conversation.item.truncated') as {
      audio_end_ms: number;
    };
    // Played = from the first frame until VAD fired (its onset detection takes a little while). The
    // lower bound has slack for a loaded machine, where the 20 ms pacing timer runs late against the
    // test's wall clock (the pacing itself is measured in calls-endpoint.test.ts).
    expect(truncated.audio_end_ms).toBeGreaterThanOrEqual(speakAt - 200);
    expect(truncated.audio_end_ms).toBeLessThan(speakAt + 500);
    expect(types).not.toContain('output_audio_buffer.stopped');
    console.log(
      `barge-in: caller spoke at ${speakAt.toFixed(0)} ms of playback, truncated at ${truncated.audio_end_ms} ms`,
    );
    await c.client.close();
  });

  it('the mic path drives server VAD (speech_started / stopped / committed)', async () => {
    const c = await connect();
    await waitFor(() => c.types().includes('session.created'), 'session.created', 10_000);
    // 800 ms of a loud "voice" then 1 s of near-silence, in real time.
    const voice = encodeOpusFrames(sine(220, 48000, 38400, 0.4));
    const quiet = encodeOpusFrames(sine(220, 48000, 48000, 0.0005));
    const frames = [...voice, ...quiet];
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i++) {
      c.client.sendOpus(frames[i]!, i * 960);
      const wait = t0 + (i + 1) * 20 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await waitFor(() => c.types().includes('input_audio_buffer.committed'), 'committed', 10_000);
    const types = c.types();
    expect(types.indexOf('input_audio_buffer.speech_started')).toBeLessThan(
      types.indexOf('input_audio_buffer.speech_stopped'),
    );
    const stopped = c.events().find((e) => e.type === 'input_audio_buffer.speech_stopped') as {
      audio_end_ms: number;
    };
    expect(stopped.audio_end_ms).toBeGreaterThan(700);
    expect(stopped.audio_end_ms).toBeLessThan(1500);
    await c.client.close();
  });

  it('hangup through POST /v1/realtime/calls/{id}/hangup ends the call; sideband ?call_id= sees its events', async () => {
    const c = await connect();
    await waitFor(() => c.types().includes('session.created'), 'session.created', 10_000);
    const ws = new WebSocket(`${emu.wsUrl}?call_id=${c.callId}`, {
      headers: { Authorization: 'Bearer sk-test-key' },
    });
    const side: string[] = [];
    ws.on('message', (m) => side.push(JSON.parse(m.toString()).type));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    c.send({ type: 'session.update', session: { type: 'realtime', instructions: 'x' } });
    await waitFor(() => side.includes('session.updated'), 'sideband sees session.updated', 10_000);
    const res = await fetch(`${emu.baseUrl}/realtime/calls/${c.callId}/hangup`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test-key' },
    });
    expect(res.status).toBe(200);
    await waitFor(
      () => c.client.dc.readyState === 'closed' || c.client.pc.connectionState === 'closed',
      'client sees the end',
      10_000,
    );
    const again = await fetch(`${emu.baseUrl}/realtime/calls/${c.callId}/hangup`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test-key' },
    });
    expect(again.status).toBe(404);
    ws.close();
    await c.client.close();
  });

  it('fault close_mid_response (x-emulator-fault header): the channel closes after the first delta', async () => {
    const c = await connect({ 'x-emulator-fault': 'close_mid_response' });
    await waitFor(() => c.types().includes('session.created'), 'session.created', 10_000);
    await userText(c, 'Hello there!');
    await waitFor(() => c.client.dc.readyState === 'closed', 'data channel closed', 10_000);
    const types = c.types();
    expect(types.filter((t) => t.endsWith('.delta'))).toHaveLength(1);
    expect(types.at(-1)!.endsWith('.delta')).toBe(true);
    expect(types).not.toContain('response.done');
    const hangup = await fetch(`${emu.baseUrl}/realtime/calls/${c.callId}/hangup`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test-key' },
    });
    expect(hangup.status).toBe(404); // the call is already over
    await c.client.close();
  });

  it('fault close_mid_response with a once key: the first call is cut, the next call with the same headers answers', async () => {
    const headers = { 'x-emulator-fault': 'close_mid_response', 'x-emulator-fault-once': 'webrtc-once-1' };
    const cut = await connect(headers);
    await waitFor(() => cut.types().includes('session.created'), 'session.created', 10_000);
    await userText(cut, 'Hello there!');
    await waitFor(() => cut.client.dc.readyState === 'closed', 'data channel closed', 10_000);
    await cut.client.close();
    const clean = await connect(headers);
    await waitFor(() => clean.types().includes('session.created'), 'session.created', 10_000);
    await userText(clean, 'Hello again!');
    await waitFor(() => clean.types().includes('response.done'), 'response.done', 10_000);
    expect(clean.client.dc.readyState).toBe('open');
    await clean.client.close();
  });

  it('faults by header: 500 on the SDP POST', async () => {
    const client = await createTestClient();
    const res = await fetch(`${emu.baseUrl}/realtime/calls?emulator_fault=500`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test-key', 'Content-Type': 'application/sdp' },
      body: client.offer,
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('server_error');
    await client.close();
  });
});
