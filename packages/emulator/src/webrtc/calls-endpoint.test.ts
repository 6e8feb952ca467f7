import { alawDecode, alawEncode, mulawDecode, mulawEncode } from '@realtime-agents/audio/codecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebRtcCall } from './call.js';

/** The JSON body of the endpoint's answers (error envelopes in these tests). */
type ErrorBody = { error: { message: string; type: string; code?: string; param?: string } };
import {
  type CallsTestServer,
  createTestClient,
  decodeOpusPackets,
  encodeOpusFrames,
  negotiate,
  rms,
  sine,
  startCallsServer,
  type TestClient,
  waitFor,
  zeroCrossingFrequency,
} from './test-support.js';

let server: CallsTestServer;
const clients: TestClient[] = [];

async function client(label?: string): Promise<TestClient> {
  const c = await createTestClient(label);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  server = await startCallsServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('POST /v1/realtime/calls (application/sdp)', () => {
  it('answers 201 with a complete loopback SDP answer, a Location and an open oai-events channel', async () => {
    const c = await client();
    const t0 = performance.now();
    const res = await negotiate(c, server.url);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/sdp');
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/v1\/realtime\/calls\/rtc_[0-9a-f]{32}$/);
    const callId = location.split('/').pop()!;

    const sdp = res.body;
    expect(sdp.startsWith('v=0')).toBe(true);
    expect(sdp).toMatch(/^a=group:BUNDLE 0 1/m);
    expect(sdp).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111/m);
    expect(sdp).toMatch(/^a=rtpmap:111 opus\/48000\/2/m);
    expect(sdp).toMatch(/^a=msid:\S+ \S+/m);
    expect(sdp).toMatch(/^a=sendrecv/m);
    expect(sdp).toMatch(/^a=setup:active/m);
    expect(sdp).toMatch(/^a=max-message-size:262144/m);
    expect(sdp).toMatch(/^a=fingerprint:sha-256 /m);
    const candidates = sdp.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:'));
    expect(candidates.length).toBeGreaterThan(0);
    for (const cand of candidates) expect(cand).toMatch(/ udp \d+ 127\.0\.0\.1 \d+ typ host/);

    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    const openMs = performance.now() - t0;
    const session = server.sessions[0]!;
    expect(session.options).toMatchObject({ kind: 'webrtc', callId, faults: [] });
    expect(server.registry.get(callId)?.session).toBe(session);
    await waitFor(() => session.startCalls === 1, 'session.start()');
    await waitFor(() => c.messages.length > 0, 'session.created on the channel');
    expect(JSON.parse(c.messages[0]!)).toMatchObject({ type: 'session.created' });
    expect(session.sink).not.toBeNull();
    console.log(`offer → data channel open: ${openMs.toFixed(0)} ms`);
    expect(openMs).toBeLessThan(8000); // ~250 ms on an idle machine; the machine is shared
  });

  it('carries client events to session.receive and server events back, in order', async () => {
    const c = await client();
    await negotiate(c, server.url);
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    const session = server.sessions[0]!;
    const sent = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ type: 'session.update', event_id: `e${i}` }),
    );
    for (const s of sent) c.dc.send(s);
    c.dc.send('{not json'); // malformed input is passed through untouched
    await waitFor(() => session.received.length === 21, 'all client events');
    expect(session.received).toEqual([...sent, '{not json']);
    await waitFor(() => c.messages.length === 22, 'echoes');
    expect(c.messages.slice(1).map((m) => JSON.parse(m).raw)).toEqual([...sent, '{not json']);

    // A large server event (> SCTP's 64 KiB default; Chrome offers 256 KiB) goes through in one message.
    const big = 'x'.repeat(150_000);
    session.emit({ type: 'session.updated', instructions: big });
    await waitFor(() => c.messages.length === 23, 'large event');
    expect(JSON.parse(c.messages[22]!).instructions).toHaveLength(150_000);
  });

  it('decodes the mic (Opus RTP) to 24 kHz mono PCM with the sine’s frequency and level', async () => {
    const c = await client();
    await negotiate(c, server.url);
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    const session = server.sessions[0]!;
    const packets = encodeOpusFrames(sine(440, 48000, 48000, 0.5)); // 1 s, 50 packets
    for (let i = 0; i < packets.length; i++) {
      c.sendOpus(packets[i]!, i * 960);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => session.joinedAudio().length >= 24000 - 480, 'decoded mic audio', 10_000);
    const pcm = session.joinedAudio();
    // 50 × 480 samples at 24 kHz, less the resampler's look-ahead (~1 ms) still held back.
    expect(pcm.length).toBeGreaterThan(24000 - 40);
    expect(pcm.length).toBeLessThanOrEqual(24000);
    const steady = pcm.subarray(2400, 21600);
    expect(zeroCrossingFrequency(steady, 24000)).toBeCloseTo(440, -1);
    expect(rms(steady)).toBeGreaterThan(0.3); // a 0.5-amplitude sine has RMS 0.354
    expect(rms(steady)).toBeLessThan(0.4);
  });

  it('plays MediaSink audio to the client in real time and reports started/drained', async () => {
    const c = await client();
    await negotiate(c, server.url);
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    await waitFor(() => c.pc.connectionState === 'connected', 'connected');
    const session = server.sessions[0]!;
    const sink = session.sink!;
    const t0 = performance.now();
    sink.enqueue('resp_1', 'item_1', sine(1000, 24000, 24000, 0.5)); // 1 s
    sink.finish('resp_1');
    expect(sink.busy).toBe(true);
    await waitFor(() => session.mediaDrainedIds.length === 1, 'drained', 3000);
    const elapsed = performance.now() - t0;
    expect(session.mediaStartedIds).toEqual(['resp_1']);
    expect(session.mediaDrainedIds).toEqual(['resp_1']);
    expect(sink.busy).toBe(false);
    expect(elapsed).toBeGreaterThan(980);
    expect(elapsed).toBeLessThan(2000); // lateness only (the machine is shared); a burst would be < 980
    await waitFor(() => c.received.length >= 50, 'all 50 packets at the client', 1000);
    expect(c.received).toHaveLength(50);
    expect(c.received[0]!.marker).toBe(true);
    // Consecutive RTP timestamps 960 apart; interarrival jitter small.
    for (let i = 1; i < c.received.length; i++) {
      expect((c.received[i]!.timestamp - c.received[i - 1]!.timestamp) >>> 0).toBe(960);
    }
    const gaps = c.received.slice(1).map((p, i) => p.at - c.received[i]!.at);
    const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const jitter = Math.sqrt(gaps.reduce((a, g) => a + (g - 20) ** 2, 0) / gaps.length);
    console.log(
      `sink → client: 50 packets in ${elapsed.toFixed(0)} ms, mean gap ${meanGap.toFixed(2)} ms, jitter ${jitter.toFixed(2)} ms`,
    );
    expect(meanGap).toBeGreaterThan(15); // a burst would be ~0
    expect(meanGap).toBeLessThan(30);
    const audio = decodeOpusPackets(c.received.map((p) => p.payload));
    const steady = audio.subarray(4800, 43200);
    expect(zeroCrossingFrequency(steady, 48000)).toBeCloseTo(1000, -1);
    expect(rms(steady)).toBeGreaterThan(0.3);
  });

  it('clear() stops the audio now and returns the milliseconds really sent', async () => {
    const c = await client();
    const res = await negotiate(c, server.url);
    const call = server.registry.get(res.headers.get('location')!.split('/').pop()!) as WebRtcCall;
    await waitFor(() => c.pc.connectionState === 'connected', 'connected');
    const session = server.sessions[0]!;
    const sink = session.sink!;
    sink.enqueue('resp_1', 'item_1', sine(300, 24000, 72000)); // 3 s
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 500));
    const cleared = sink.clear();
    const elapsed = performance.now() - t0;
    const sentAtClear = call.stats.rtpOut;
    expect(cleared).not.toBeNull();
    expect(cleared!.responseId).toBe('resp_1');
    expect(cleared!.itemId).toBe('item_1');
    // Never more than really elapsed (+ the frame in progress); less only by event-loop lateness.
    expect(cleared!.playedMs).toBeLessThanOrEqual(elapsed + 25);
    expect(cleared!.playedMs).toBeGreaterThan(elapsed - 250);
    expect(cleared!.playedMs % 20).toBe(0);
    expect(sentAtClear).toBe(cleared!.playedMs / 20); // one RTP packet per 20 ms frame
    await new Promise((r) => setTimeout(r, 300));
    expect(call.stats.rtpOut).toBe(sentAtClear); // nothing sent after clear()
    expect(c.received.length).toBeLessThanOrEqual(sentAtClear);
    expect(sink.busy).toBe(false);
    expect(session.mediaDrainedIds).toEqual([]);
  });

  it('the multipart/form-data variant passes the session config to createSession', async () => {
    const c = await client();
    const boundary = 'XyZ123';
    const config = { type: 'realtime', model: 'gpt-realtime', audio: { output: { voice: 'marin' } } };
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="sdp"\r\nContent-Type: application/sdp\r\n\r\n${c.offer}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="session"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(config)}\r\n` +
      `--${boundary}--\r\n`;
    const res = await negotiate(c, server.url, {
      contentType: `multipart/form-data; boundary=${boundary}`,
      body,
    });
    expect(res.status).toBe(201);
    expect(server.sessions[0]!.options).toMatchObject({ kind: 'webrtc', config, model: 'gpt-realtime' });
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    await waitFor(() => server.sessions[0]!.startCalls === 1, 'start');
  });

  it('a FormData body from fetch (sdp only) works too', async () => {
    const c = await client();
    const form = new FormData();
    form.set('sdp', c.offer);
    const res = await fetch(server.url, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    await c.pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    expect(server.sessions[0]!.options.config).toBeUndefined();
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
  });

  it.each([
    ['pcmu', mulawEncode, mulawDecode, 0],
    ['pcma', alawEncode, alawDecode, 8],
  ] as const)(
    'falls back to %s when the offer has no Opus (mic in and speech out)',
    async (codec, encode, decode, pt) => {
      const c = await createTestClient('oai-events', codec);
      clients.push(c);
      const res = await negotiate(c, server.url);
      expect(res.status).toBe(201);
      const mLine = res.body.split(/\r?\n/).find((l) => l.startsWith('m=audio'));
      expect(mLine).toBe(`m=audio 9 UDP/TLS/RTP/SAVPF ${pt}`);
      await waitFor(() => c.pc.connectionState === 'connected', 'connected');
      const session = server.sessions[0]!;
      // Mic: 500 ms of a 440 Hz tone as 20 ms G.711 packets.
      const tone = sine(440, 8000, 4000, 0.5);
      for (let i = 0; i < 25; i++) {
        c.sendOpus(Buffer.from(encode(tone.subarray(i * 160, (i + 1) * 160))), i * 160);
        await new Promise((r) => setTimeout(r, 5));
      }
      await waitFor(() => session.joinedAudio().length >= 11_500, 'decoded mic audio');
      const mic = session.joinedAudio().subarray(1200);
      expect(zeroCrossingFrequency(mic, 24000)).toBeCloseTo(440, -1);
      expect(rms(mic)).toBeGreaterThan(0.3);
      // Speech out: 200 ms → 10 packets of 160 bytes, RTP clock 8 kHz.
      session.sink!.enqueue('r', 'i', sine(500, 24000, 4800, 0.5));
      session.sink!.finish('r');
      await waitFor(() => session.mediaDrainedIds.length === 1, 'drained');
      await waitFor(() => c.received.length === 10, '10 packets');
      expect(c.received.every((p) => p.payload.length === 160)).toBe(true);
      expect((c.received[1]!.timestamp - c.received[0]!.timestamp) >>> 0).toBe(160);
      const out = decode(new Uint8Array(Buffer.concat(c.received.map((p) => p.payload))));
      // 160 ms window at 8 kHz: the zero-crossing count resolves ±6.25 Hz.
      expect(Math.abs(zeroCrossingFrequency(out.subarray(160, 1440), 8000) - 500)).toBeLessThan(15);
      expect(rms(out.subarray(160, 1440))).toBeGreaterThan(0.3);
      expect(server.logs.some((l) => l.includes(`answered (${codec})`))).toBe(true);
    },
  );

  it('accepts a data channel with another label', async () => {
    const c = await client('events');
    await negotiate(c, server.url);
    await waitFor(() => server.sessions[0]?.startCalls === 1, 'start on a non-oai-events channel');
    c.dc.send('{"type":"x"}');
    await waitFor(() => server.sessions[0]!.received.length === 1, 'message');
  });
});

describe('errors', () => {
  async function post(contentType: string, body: string) {
    const res = await fetch(server.url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      json: (await res.json()) as ErrorBody,
    };
  }

  it.each([
    ['', 'empty'],
    ['hello', "start with 'v=0'"],
    ['v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', 'no media sections'],
    ['v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:x\r\na=ice-pwd:y\r\n', 'fingerprint'],
  ])('bad SDP %j → 400 envelope', async (sdp, message) => {
    const r = await post('application/sdp', sdp);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/json');
    expect(r.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_offer',
      param: 'sdp',
    });
    expect(r.json.error.message).toContain(message);
    expect(server.sessions).toHaveLength(0);
  });

  it('an SDP werift cannot apply → 400 and no call left behind', async () => {
    const c = await client();
    const r = await post('application/sdp', c.offer.replace(/^a=mid:.*\r\n/gm, '')); // no a=mid: werift rejects it
    if (r.status === 201) throw new Error('werift accepted a broken offer; choose a different corruption');
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_offer');
    expect(server.registry.size).toBe(0);
    expect(server.sessions).toHaveLength(0); // no session is created for an offer that fails
  });

  it('unsupported content type → 400', async () => {
    const r = await post('application/json', '{}');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'unsupported_content_type', type: 'invalid_request_error' });
  });

  it('multipart without sdp, with a bad boundary, or with invalid session JSON → 400', async () => {
    const noSdp = '--b\r\nContent-Disposition: form-data; name="session"\r\n\r\n{}\r\n--b--\r\n';
    let r = await post('multipart/form-data; boundary=b', noSdp);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'missing_required_parameter', param: 'sdp' });

    r = await post('multipart/form-data', noSdp);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/boundary/);

    const c = await client();
    const badJson = `--b\r\nContent-Disposition: form-data; name="sdp"\r\n\r\n${c.offer}\r\n--b\r\nContent-Disposition: form-data; name="session"\r\n\r\n{"type":\r\n--b--\r\n`;
    r = await post('multipart/form-data; boundary=b', badJson);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'invalid_json', param: 'session' });
    expect(server.sessions).toHaveLength(0);
  });

  it('an engine error from createSession → 400 envelope with its code', async () => {
    const failing = await startCallsServer();
    try {
      const c = await client();
      // Make createSession throw an API-shaped error.
      const { handleCallsRequest } = await import('./calls-endpoint.js');
      const { createServer } = await import('node:http');
      const srv = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const ch of req) chunks.push(ch as Buffer);
        await handleCallsRequest(
          {
            faults: [],
            log: () => {},
            createSession: () => {
              throw Object.assign(new Error("Invalid value: 'x'."), {
                code: 'invalid_value',
                param: 'session.type',
              });
            },
          },
          req,
          res,
          Buffer.concat(chunks),
          { registry: failing.registry },
        );
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      const port = (srv.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp' },
        body: c.offer,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error).toEqual({
        message: "Invalid value: 'x'.",
        type: 'invalid_request_error',
        param: 'session.type',
        code: 'invalid_value',
      });
      expect(failing.registry.size).toBe(0);
      await new Promise<void>((r) => srv.close(() => r()));
    } finally {
      await failing.close();
    }
  });
});

describe('unexpected failures', () => {
  it('an exception anywhere becomes a 500 envelope, never a crash', async () => {
    const { handleCallsRequest } = await import('./calls-endpoint.js');
    const { createServer } = await import('node:http');
    const logs: string[] = [];
    const srv = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const ch of req) chunks.push(ch as Buffer);
      const ctx = {
        log: (l: string) => logs.push(l),
        createSession: () => {
          throw new Error('unused');
        },
        get faults(): string[] {
          throw new Error('faults exploded');
        },
      };
      await handleCallsRequest(ctx, req, res, Buffer.concat(chunks));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (srv.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp' },
        body: 'v=0',
      });
      expect(res.status).toBe(500);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({
        type: 'server_error',
        message: expect.stringContaining('faults exploded'),
      });
      expect(logs.some((l) => l.includes('unexpected error'))).toBe(true);
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});

describe('faults', () => {
  it('sdp_500 → 500 server_error envelope, no session', async () => {
    server.faults.push('sdp_500');
    const c = await client();
    const res = await negotiate(c, server.url);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error).toMatchObject({ type: 'server_error', code: null, param: null });
    expect(server.sessions).toHaveLength(0);
  });

  it.each(['ice_never', 'ice_never_connects'])(
    '%s → a 201 answer whose candidates point at a dead port; ICE never connects; nothing left open',
    async (fault) => {
      server.faults.push(fault);
      const c = await client();
      const res = await negotiate(c, server.url);
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toMatch(/^\/v1\/realtime\/calls\/rtc_[0-9a-f]{32}$/);
      const candidates = res.body.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:'));
      expect(candidates.length).toBeGreaterThan(0);
      for (const cand of candidates) expect(cand).toMatch(/ udp \d+ 127\.0\.0\.1 9 typ host/);
      expect(res.body).toMatch(/^a=fingerprint:sha-256 /m); // otherwise a complete answer
      await new Promise((r) => setTimeout(r, 2500));
      expect(c.pc.connectionState).not.toBe('connected');
      expect(c.dc.readyState).not.toBe('open');
      expect(server.sessions).toHaveLength(0);
      expect(server.registry.size).toBe(0);
      expect(server.logs.some((l) => l.includes('unreachable ICE'))).toBe(true);
    },
  );

  it.each(['close_datachannel', 'close_mid_response'])(
    '%s → the channel closes right after the first delta (mid-response) and the call ends',
    async (fault) => {
      server.faults.push(fault);
      const c = await client();
      await negotiate(c, server.url);
      await waitFor(() => c.dc.readyState === 'open', 'data channel open');
      const session = server.sessions[0]!;
      session.emit({ type: 'response.created', response: { id: 'resp_1' } });
      session.emit({ type: 'response.output_item.added', response_id: 'resp_1' });
      await waitFor(() => c.messages.length === 3, 'response.created + output_item.added');
      expect(c.dc.readyState).toBe('open');
      session.emit({ type: 'response.output_audio_transcript.delta', response_id: 'resp_1', delta: 'Hel' });
      session.emit({ type: 'response.output_audio_transcript.delta', response_id: 'resp_1', delta: 'lo' });
      await waitFor(() => c.dc.readyState === 'closed', 'channel closed by the server', 10_000);
      expect(c.messages.map((m) => JSON.parse(m).type)).toEqual([
        'session.created',
        'response.created',
        'response.output_item.added',
        'response.output_audio_transcript.delta',
      ]);
      await waitFor(() => session.closeCalls === 1, 'session closed');
      expect(server.registry.size).toBe(0);
    },
  );

  it.each([
    ['500', 500],
    ['sdp_500:x', 500],
  ])('alias %s → %d', async (fault, status) => {
    server.faults.push(fault);
    const c = await client();
    expect((await negotiate(c, server.url)).status).toBe(status);
  });
});

describe('ending a call', () => {
  it('hangup through the registry closes the session and the peer', async () => {
    const c = await client();
    const res = await negotiate(c, server.url);
    const id = res.headers.get('location')!.split('/').pop()!;
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    const session = server.sessions[0]!;
    session.sink!.enqueue('resp_1', 'item_1', sine(200, 24000, 48000));
    expect(await server.registry.hangup(id)).toBe(true);
    expect(await server.registry.hangup(id)).toBe(false);
    expect(session.closeCalls).toBe(1);
    expect(session.sink!.busy).toBe(false);
    expect(server.registry.size).toBe(0);
    await waitFor(
      () => c.dc.readyState === 'closed' || c.pc.connectionState !== 'connected',
      'client sees the end',
      5000,
    );
  });

  it('the engine ending the session (onEnd) hangs the call up', async () => {
    const c = await client();
    await negotiate(c, server.url);
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    const session = server.sessions[0]!;
    expect(session.endListeners.size).toBe(1);
    session.endFromEngine(1001, 'session expired');
    await waitFor(() => server.registry.size === 0, 'registry empty');
    expect(session.closeCalls).toBe(2); // once by the engine itself, once by the hangup (idempotent there)
    expect(session.endListeners.size).toBe(0);
    expect(server.logs.some((l) => l.includes('session ended (1001 session expired)'))).toBe(true);
    await waitFor(() => c.dc.readyState === 'closed', 'client channel closed', 10_000);
  });

  it('an engine callback that throws is logged and does not stop the media', async () => {
    const c = await client();
    await negotiate(c, server.url);
    await waitFor(() => c.pc.connectionState === 'connected', 'connected');
    const session = server.sessions[0]!;
    session.throwing = true;
    session.sink!.enqueue('r', 'i', sine(300, 24000, 4800)); // 200 ms
    session.sink!.finish('r');
    for (const [i, p] of encodeOpusFrames(sine(300, 48000, 9600)).entries()) c.sendOpus(p, i * 960);
    await waitFor(() => session.mediaDrainedIds.length === 1, 'drained despite the throw');
    await waitFor(() => session.audio.length >= 5, 'mic audio keeps flowing');
    expect(session.mediaStartedIds).toEqual(['r']);
    expect(server.logs.some((l) => l.includes('session.mediaStarted threw: Error: engine bug'))).toBe(true);
    expect(server.logs.some((l) => l.includes('session.appendAudio threw'))).toBe(true);
    expect(server.registry.size).toBe(1);
  });

  it('leaves no socket or timer behind once calls end', async () => {
    const count = () => {
      const r = process.getActiveResourcesInfo();
      return {
        udp: r.filter((x) => x === 'UDPWrap').length,
        timers: r.filter((x) => x === 'Timeout').length,
      };
    };
    await new Promise((r) => setTimeout(r, 100));
    const before = count();
    for (let i = 0; i < 3; i++) {
      const c = await client();
      const res = await negotiate(c, server.url);
      await waitFor(() => c.dc.readyState === 'open', 'data channel open');
      const session = server.sessions[i]!;
      session.sink!.enqueue('r', 'i', sine(300, 24000, 24000)); // playing while we hang up
      c.sendOpus(encodeOpusFrames(sine(300, 48000, 960))[0]!, 0);
      await new Promise((r) => setTimeout(r, 100));
      const during = count();
      expect(during.udp).toBeGreaterThan(before.udp); // the call really held sockets
      await server.registry.hangup(res.headers.get('location')!.split('/').pop()!);
      await c.close();
      clients.splice(clients.indexOf(c), 1);
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = count();
    console.log(`resources before ${JSON.stringify(before)}, after 3 calls ${JSON.stringify(after)}`);
    expect(after.udp).toBe(before.udp);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
  });

  it('the client closing its peer ends the session', async () => {
    const c = await client();
    await negotiate(c, server.url);
    await waitFor(() => c.dc.readyState === 'open', 'data channel open');
    const session = server.sessions[0]!;
    await c.close();
    await waitFor(() => session.closeCalls === 1, 'session.close()', 10_000);
    await waitFor(() => server.registry.size === 0, 'registry empty');
  });
});
