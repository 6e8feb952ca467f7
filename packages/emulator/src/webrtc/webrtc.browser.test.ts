// The emulator's WebRTC endpoint driven by real Chromium: a plain RTCPeerConnection (fake mic =
// the speech WAV), and the official @openai/agents-realtime WebRTC client.
import {
  OpenAIRealtimeWebRTC,
  RealtimeAgent,
  type RealtimeItem,
  RealtimeSession,
  tool,
} from '@openai/agents-realtime';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';

const base = inject('emulatorBaseUrl'); // http://127.0.0.1:PORT/v1
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until<T>(
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what: string | (() => string),
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (performance.now() - start > timeoutMs)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await sleep(20);
  }
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Level meter on a remote stream (Web Audio), with the muted <audio> element Chromium needs. */
async function meter(stream: MediaStream) {
  const audio = document.createElement('audio');
  audio.muted = true;
  audio.srcObject = stream;
  document.body.append(audio);
  await audio.play().catch(() => {});
  const ctx = new AudioContext({ sampleRate: 48000 });
  await ctx.resume();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let peakDb = -120;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(buf);
    let acc = 0;
    for (const v of buf) acc += v * v;
    const db = 10 * Math.log10(acc / buf.length + 1e-12);
    peakDb = Math.max(peakDb, db);
  }, 20);
  cleanups.push(async () => {
    clearInterval(timer);
    audio.remove();
    await ctx.close();
  });
  return {
    get peakDb() {
      return peakDb;
    },
    reset() {
      peakDb = -120;
    },
  };
}

describe('emulator WebRTC in Chromium', () => {
  it('RTCPeerConnection: 201 + answer, session.created/updated, text turn → audible speech on the remote track', async () => {
    const t0 = performance.now();
    const pc = new RTCPeerConnection();
    cleanups.push(() => pc.close());
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    cleanups.push(() => {
      for (const t of mic.getTracks()) t.stop();
    });
    pc.addTrack(mic.getAudioTracks()[0]!, mic);
    const dc = pc.createDataChannel('oai-events');
    const events: { type: string; [k: string]: unknown }[] = [];
    dc.onmessage = (e) => events.push(JSON.parse(e.data as string));
    const remote = new Promise<MediaStream>((resolve) => {
      pc.ontrack = (e) => resolve(e.streams[0]!);
    });
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(`${base}/realtime/calls`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-browser-test', 'Content-Type': 'application/sdp' },
      body: pc.localDescription!.sdp,
    });
    const answer = await res.text();
    expect(res.status, answer).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/sdp');
    expect(res.headers.get('location')).toMatch(/^\/v1\/realtime\/calls\/rtc_[0-9a-f]{32}$/);
    expect(answer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111( 0 8)?\r?$/m); // Opus first, G.711 fallbacks
    expect(answer).toMatch(/^a=max-message-size:262144/m);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    const stream = await remote;
    expect(stream.id).not.toBe(''); // a=msid gave the track a named stream
    const level = await meter(stream);

    await until(() => dc.readyState === 'open', 5000, 'data channel open');
    await until(() => events.some((e) => e.type === 'session.created'), 5000, 'session.created');
    const connectMs = performance.now() - t0;
    // Push-to-talk mode, so the fake mic's speech does not start a turn of its own.
    dc.send(
      JSON.stringify({
        type: 'session.update',
        session: { type: 'realtime', audio: { input: { turn_detection: null } } },
      }),
    );
    await until(() => events.some((e) => e.type === 'session.updated'), 5000, 'session.updated');

    await sleep(300);
    const idleDb = level.peakDb;
    level.reset();
    dc.send(
      JSON.stringify({
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Hello, can you hear me?' }],
        },
      }),
    );
    dc.send(JSON.stringify({ type: 'response.create' }));
    await until(
      () => events.some((e) => e.type === 'output_audio_buffer.started'),
      10_000,
      'output_audio_buffer.started',
    );
    await until(
      () => events.some((e) => e.type === 'output_audio_buffer.stopped'),
      20_000,
      'output_audio_buffer.stopped',
    );
    const speechDb = level.peakDb;
    const types = events.map((e) => e.type);
    expect(types).not.toContain('response.output_audio.delta');
    expect(types.indexOf('output_audio_buffer.stopped')).toBeGreaterThan(types.indexOf('response.done'));

    const stats = await pc.getStats();
    let inbound: { packetsReceived?: number; packetsLost?: number; jitter?: number; codecId?: string } = {};
    const codecs = new Map<string, string>();
    let outbound: { packetsSent?: number } = {};
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s;
      if (s.type === 'outbound-rtp' && s.kind === 'audio') outbound = s;
      if (s.type === 'codec') codecs.set(s.id, s.mimeType);
    });
    console.log(
      `chromium: session.created ${connectMs.toFixed(0)} ms after start; idle peak ${idleDb.toFixed(1)} dBFS, ` +
        `speech peak ${speechDb.toFixed(1)} dBFS; inbound ${inbound.packetsReceived} pkts, lost ${inbound.packetsLost}, ` +
        `jitter ${((inbound.jitter ?? 0) * 1000).toFixed(1)} ms; mic sent ${outbound.packetsSent} pkts`,
    );
    expect(speechDb).toBeGreaterThan(-40);
    expect(speechDb).toBeGreaterThan(idleDb + 20);
    expect(codecs.get(inbound.codecId ?? '')).toBe('audio/opus');
    expect(inbound.packetsReceived).toBeGreaterThan(25);
    expect(inbound.packetsLost ?? 0).toBeLessThanOrEqual(2);
    expect(outbound.packetsSent).toBeGreaterThan(25); // the fake mic's Opus reached the wire
  });

  // Regression: werift reused the DTLS record sequence number of its Finished for an early
  // application record, Chromium dropped that record as a replay, and the SCTP DATA in it
  // (session.updated, right after session.created) only came with the retransmission ~1 s later.
  it('answers the first session.update without a retransmission stall, then back-to-back ones too', async () => {
    const pc = new RTCPeerConnection();
    cleanups.push(() => pc.close());
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const dc = pc.createDataChannel('oai-events');
    const arrivals: { type: string; at: number }[] = [];
    const update = (instructions: string) =>
      dc.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime', instructions } }));
    dc.onmessage = (e) => {
      const { type } = JSON.parse(e.data as string) as { type: string };
      arrivals.push({ type, at: performance.now() });
      if (type === 'session.created') update('First.'); // what both WebRTC clients do on connect
    };
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(`${base}/realtime/calls`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-browser-test', 'Content-Type': 'application/sdp' },
      body: pc.localDescription!.sdp,
    });
    expect(res.status).toBe(201);
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    const at = (type: string) => arrivals.filter((a) => a.type === type).map((a) => a.at);
    await until(() => at('session.updated').length === 1, 5000, 'session.updated');
    const firstMs = at('session.updated')[0]! - at('session.created')[0]!;

    const sentAt = performance.now();
    for (let i = 0; i < 4; i++) update(`Version ${i}.`);
    await until(() => at('session.updated').length === 5, 5000, 'four more session.updated');
    const burstMs = at('session.updated')[4]! - sentAt;
    console.log(
      `chromium: session.created → session.updated ${firstMs.toFixed(0)} ms; ` +
        `4 × session.update → last session.updated ${burstMs.toFixed(0)} ms`,
    );
    // Was ≥ 1000 ms (werift's SCTP T3-rtx at RTO.min); a few ms on an idle machine.
    expect(firstMs).toBeLessThan(300);
    expect(burstMs).toBeLessThan(300);
  });

  it('the fake mic’s speech drives the server VAD over RTP', async () => {
    const pc = new RTCPeerConnection();
    cleanups.push(() => pc.close());
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    cleanups.push(() => {
      for (const t of mic.getTracks()) t.stop();
    });
    pc.addTrack(mic.getAudioTracks()[0]!, mic);
    const dc = pc.createDataChannel('oai-events');
    const events: { type: string; [k: string]: unknown }[] = [];
    dc.onmessage = (e) => events.push(JSON.parse(e.data as string));
    await pc.setLocalDescription(await pc.createOffer());
    const form = new FormData(); // the unified (multipart) variant
    form.set('sdp', pc.localDescription!.sdp);
    form.set(
      'session',
      JSON.stringify({
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
      }),
    );
    const res = await fetch(`${base}/realtime/calls`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-browser-test' },
      body: form,
    });
    expect(res.status).toBe(201);
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    await until(() => events.some((e) => e.type === 'session.created'), 5000, 'session.created');
    // The fake mic file is speech (it may have started before the call; it loops nowhere).
    await until(
      () => events.some((e) => e.type === 'input_audio_buffer.speech_started'),
      10_000,
      'speech_started',
    );
    await until(() => events.some((e) => e.type === 'input_audio_buffer.committed'), 15_000, 'committed');
  });

  it('the official @openai/agents-realtime WebRTC client: text turn, a tool call and a handoff', async () => {
    const secretRes = await fetch(`${base}/realtime/client_secrets`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-browser-test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
    });
    expect(secretRes.status).toBe(200);
    const { value: ek } = (await secretRes.json()) as { value: string };
    expect(ek).toMatch(/^ek_/);

    const calls: string[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'Get the weather for a city.',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls.push(city);
        return `It is sunny in ${city}.`;
      },
    });
    const spanish = new RealtimeAgent({
      name: 'Spanish',
      handoffDescription: 'Speaks Spanish.',
      instructions: 'Respond only in Spanish.',
    });
    const agent = new RealtimeAgent({
      name: 'Assistant',
      instructions: 'Be helpful.',
      tools: [getWeather],
      handoffs: [spanish],
    });
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of mic.getTracks()) t.enabled = false; // muted mic: text-only turns
    const audioElement = document.createElement('audio');
    audioElement.muted = true;
    document.body.append(audioElement);
    const transport = new OpenAIRealtimeWebRTC({
      baseUrl: `${base}/realtime/calls`,
      mediaStream: mic,
      audioElement,
    });
    const session = new RealtimeSession(agent, { transport });
    cleanups.push(() => {
      session.close();
      for (const t of mic.getTracks()) t.stop();
      audioElement.remove();
    });
    const errors: string[] = [];
    const handoffs: string[] = [];
    session.on('error', (e) => errors.push(String((e as { error?: unknown }).error ?? e)));
    session.on('agent_handoff', (_ctx, from, to) => handoffs.push(`${from.name}->${to.name}`));
    const t0 = performance.now();
    await session.connect({ apiKey: ek });
    const connectMs = performance.now() - t0;

    type Content = { text?: string | null; transcript?: string | null };
    const text = (i: RealtimeItem) =>
      i.type === 'message' ? (i.content as Content[]).map((c) => c.text ?? c.transcript ?? '').join('') : '';
    const assistantDone = (needle: string) =>
      session.history.some(
        (i) =>
          i.type === 'message' &&
          i.role === 'assistant' &&
          i.status === 'completed' &&
          text(i).includes(needle),
      );
    const summary = () =>
      session.history.map((i) =>
        i.type === 'message'
          ? `${i.role}:${text(i)}`
          : i.type === 'function_call'
            ? `call:${i.name}:${i.arguments}:${i.output ?? ''}`
            : i.type,
      );
    const timings: string[] = [];
    const turn = async (message: string, needle: string, what: string) => {
      const t = performance.now();
      session.sendMessage(message);
      await until(
        () => assistantDone(needle),
        15_000,
        // Lazy: describe the state at the timeout, not at the start.
        () =>
          `${what} (agent ${session.currentAgent.name}; handoffs [${handoffs}]; errors [${errors}]; history: ${summary().join(' | ')})`,
      );
      timings.push(`${what} ${(performance.now() - t).toFixed(0)} ms`);
    };

    // Text turn: the default brain quotes the user.
    await turn('Hello there!', 'You said', 'the first reply');
    expect(summary()).toEqual(['user:Hello there!', 'assistant:You said: "Hello there!".']);

    // Tool turn: the SDK runs get_weather with the model's arguments, sends the output back, and
    // the next response uses it.
    await turn('What is the weather in Paris?', 'It is sunny in Paris', 'the tool-backed reply');
    expect(calls).toEqual(['Paris']);
    const call = session.history.find((i) => i.type === 'function_call' && i.name === 'get_weather');
    expect(call && call.type === 'function_call' && JSON.parse(call.arguments)).toEqual({ city: 'Paris' });

    // Handoff: the SDK switches agents, and the next reply comes from the Spanish agent.
    expect(session.currentAgent.name).toBe('Assistant');
    await turn('Please transfer me to the Spanish agent.', 'Hola', 'the post-handoff reply');
    expect(handoffs).toEqual(['Assistant->Spanish']);
    expect(session.currentAgent.name).toBe('Spanish');

    await until(
      () => session.history.every((i) => i.type !== 'function_call' || i.status === 'completed'),
      5000,
      'all function calls completed',
    );
    expect(summary()).toEqual([
      'user:Hello there!',
      'assistant:You said: "Hello there!".',
      'user:What is the weather in Paris?',
      'call:get_weather:{"city":"Paris"}:It is sunny in Paris.',
      'assistant:Here is what get_weather returned: It is sunny in Paris.',
      'user:Please transfer me to the Spanish agent.',
      'call:transfer_to_Spanish:{}:{"assistant":"Spanish"}',
      'assistant:¡Hola! Soy Spanish. ¿En qué puedo ayudarte?',
    ]);
    expect(errors).toEqual([]);
    console.log(
      `agents-realtime WebRTC: connect() ${connectMs.toFixed(0)} ms; ${timings.join('; ')}; history ${summary().join(' | ')}`,
    );
  });
});
