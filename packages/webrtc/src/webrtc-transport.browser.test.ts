import { listAudioDevices } from '@realtime-agents/audio';
import {
  type PlaybackPosition,
  type RealtimeSession,
  type TransportHandlers,
  TransportError,
} from '@realtime-agents/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agents,
  emulatorLog,
  LONG_MESSAGE,
  mintSecret,
  record,
  rmsDbfs,
  runner,
  silentStream,
  sleep,
  speechLike,
  until,
} from '../test/helpers.js';
import { type WebRtcTransport, webrtcTransport } from './index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function track<T extends { close(): void }>(x: T): T {
  cleanups.push(() => x.close());
  return x;
}

async function open(
  options: { vad?: boolean; mediaStream?: MediaStream; transport?: WebRtcTransport } = {},
): Promise<{ session: RealtimeSession<unknown>; transport: WebRtcTransport; r: ReturnType<typeof record> }> {
  const { greeter } = await agents();
  const transport =
    options.transport ??
    webrtcTransport({
      clientSecret: () => mintSecret(),
      ...(options.mediaStream && { mediaStream: options.mediaStream }),
    });
  const session = track(
    await runner({
      transport,
      ...(options.vad
        ? { turnDetection: { type: 'server_vad', silenceDurationMs: 400 } }
        : { turnDetection: null }),
    }).session(greeter),
  );
  spyStop(transport);
  return { session, transport, r: record(session) };
}

/** The position the transport had when the session stopped playback (the session calls stopPlayback on `cleared`). */
const positions = new WeakMap<WebRtcTransport, PlaybackPosition | null>();
function lastPosition(t: WebRtcTransport): PlaybackPosition | null {
  return positions.get(t) ?? null;
}
function spyStop(t: WebRtcTransport): void {
  const stop = t.stopPlayback.bind(t);
  t.stopPlayback = () => {
    const p = stop();
    if (p) positions.set(t, p);
    return p;
  };
}

/**
 * The server truncates at what it sent; the listener heard that minus what was still in flight in
 * the jitter buffer. Both sides must agree within 100 ms once the buffered audio is accounted for.
 */
function expectTruncatedAtPlayed(serverMs: number, playedMs: number, queuedMs: number): void {
  expect(playedMs).toBeLessThanOrEqual(serverMs + 20); // nobody hears what was not sent
  expect(Math.abs(serverMs - (playedMs + queuedMs))).toBeLessThanOrEqual(100);
}

/**
 * What the element makes heard, sampled every 10 ms from now on: the stream's level (dBFS), or
 * −120 while the element is muted, paused or at volume 0.
 */
function listen(element: HTMLAudioElement, stream: MediaStream): Array<{ at: number; dbfs: number }> {
  const ctx = new AudioContext();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  const heard: Array<{ at: number; dbfs: number }> = [];
  const timer = setInterval(() => {
    let dbfs = -120;
    if (!element.muted && !element.paused && element.volume > 0) {
      analyser.getFloatTimeDomainData(buf);
      const rms = Math.sqrt(buf.reduce((n, x) => n + x * x, 0) / buf.length);
      if (rms > 0) dbfs = 20 * Math.log10(rms);
    }
    heard.push({ at: performance.now(), dbfs });
  }, 10);
  cleanups.push(() => {
    clearInterval(timer);
    void ctx.close();
  });
  return heard;
}

const concat = (chunks: Int16Array[]) => {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};

describe('webrtcTransport against the emulator', () => {
  it('connects per protocol §2: SDP with the ek_ key, session.update on open, ready on session.updated', async () => {
    const transport = track(webrtcTransport({ clientSecret: () => mintSecret() }));
    const seen: string[] = [];
    const states: string[] = [];
    const handlers: TransportHandlers = {
      message: (m) => seen.push((m as { type: string }).type),
      audio: () => undefined,
      state: (s) => states.push(s),
    };
    const { baseUrl } = await import('../test/helpers.js');
    await transport.connect(
      {
        session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' },
        model: 'gpt-realtime',
        baseUrl: baseUrl(),
      },
      handlers,
    );
    expect(seen).toContain('session.created');
    expect(seen.at(-1)).toBe('session.updated');
    expect(states).toEqual(['connecting', 'connected']);
    expect(transport.callId).toMatch(/^rtc_[0-9a-f]{32}$/);
    expect(transport.peerConnection?.connectionState).toBe('connected');
    expect(transport.audioElement?.autoplay).toBe(true);
    const log = await emulatorLog(transport.callId!);
    const update = log.find((e) => e.direction === 'in' && e.event.type === 'session.update');
    expect(update?.event).toMatchObject({
      event_id: 'webrtc_session_init',
      session: { instructions: 'Be brief.' },
    });
    // the mic track is on the sender, with voice processing on by default
    const sender = transport.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio');
    expect(sender?.track).toBe(transport.inputTrack);
    const settings = transport.inputTrack!.getSettings();
    expect(settings.echoCancellation).toBe(true);
    expect(settings.noiseSuppression).toBe(true);
    expect(settings.autoGainControl).toBe(true);
  });

  it('text turn: transcript events and PCM16 audio tapped from the remote track (real speech)', async () => {
    const { session, transport, r } = await open();
    await session.sendText('Hello there, how are you today?');
    await until(
      () => r.of('agent_end').length && r.of('audio_end').length,
      15_000,
      'agent_end and audio_end',
    );
    const final = r.of('transcript').find((t) => t.role === 'assistant' && t.final);
    expect(final?.text).toContain('Hello there');
    expect(r.of('transcript').filter((t) => t.role === 'assistant' && !t.final).length).toBeGreaterThan(0);
    const audio = r.of('audio');
    expect(audio.length).toBeGreaterThan(20);
    for (const a of audio) {
      expect(a.sampleRate).toBe(24000);
      expect(a.itemId).toBe(final?.itemId);
      expect(a.responseId).toBe(r.of('agent_end')[0]?.responseId);
    }
    const pcm = concat(audio.map((a) => a.data));
    const ms = (pcm.length / 24000) * 1000;
    expect(ms).toBeGreaterThan(800);
    expect(rmsDbfs(pcm)).toBeGreaterThan(-35); // speech, not silence or comfort noise
    expect(r.of('metrics')[0]?.responseToFirstAudioMs).toBeGreaterThan(0);
    // speaking lasts until the remote track has drained (a little after output_audio_buffer.stopped)
    await until(() => !transport.speaking, 1000, 'the end of playback');
    expect(transport.playback()).toBeNull();
  });

  it('tool call with the default brain: get_weather for Paris, then the answer', async () => {
    const { session, r } = await open();
    await session.sendText("What's the weather in Paris?");
    await until(() => r.of('agent_end').length >= 2, 15_000, 'two responses');
    expect(r.of('tool_start')[0]).toMatchObject({ toolName: 'get_weather', arguments: { city: 'Paris' } });
    expect(r.of('tool_end')[0]).toMatchObject({
      toolName: 'get_weather',
      ok: true,
      output: 'Sunny in Paris, 72F',
    });
    expect(r.of('agent_end')[1]?.output).toContain('Sunny in Paris');
  });

  it('handoff to the Spanish agent', async () => {
    const { session, transport, r } = await open();
    await session.sendText('Can I talk to the Spanish agent?');
    await until(() => r.of('agent_end').length >= 2, 15_000, 'handoff and greeting');
    expect(r.of('handoff')[0]?.to.name).toBe('Spanish');
    expect(session.currentAgent.name).toBe('Spanish');
    expect(r.of('agent_end')[1]?.output).toContain('Hola');
    const log = await emulatorLog(transport.callId!);
    const updates = log.filter((e) => e.direction === 'in' && e.event.type === 'session.update');
    expect(updates.at(-1)?.event.session).toMatchObject({ instructions: 'Respond in Spanish' });
    expect(updates.length).toBeGreaterThan(1);
  });

  it('voice turn from the fake microphone (server VAD on the emulator)', async () => {
    const { r } = await open({ vad: true });
    await until(() => r.of('speech_started').length, 10_000, 'speech_started from the fake mic');
    await until(() => r.of('speech_stopped').length, 15_000, 'speech_stopped');
    await until(() => r.of('agent_end').length, 15_000, 'the answer to the spoken turn');
    expect(r.of('history_added').some((h) => (h.item as { role?: string }).role === 'user')).toBe(true);
  });

  it('sendAudio is injected into the call: server VAD hears it, then the mic track is back', async () => {
    const silent = silentStream();
    cleanups.push(silent.close);
    const { session, transport, r } = await open({ vad: true, mediaStream: silent.stream });
    // let the call carry > 300 ms of silence first, so the VAD's prefix padding is whole (with less,
    // audio_start_ms is clamped to 0, as on the real server, and the arithmetic below undercounts)
    await new Promise((res) => setTimeout(res, 400));
    await session.sendAudio(speechLike(1000));
    const sender = transport.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio')!;
    await until(() => r.of('speech_started').length, 5000, 'speech_started from the injected audio');
    await until(() => r.of('speech_stopped').length, 5000, 'speech_stopped');
    const stopped = r.of('speech_stopped')[0]!;
    const started = r.of('speech_started')[0]!;
    // about one second of speech reached the server: the VAD segment adds prefix padding (300 ms default)
    // before it and the silence duration (400 ms here) after it
    const speechMs = stopped.audioEndMs - started.audioStartMs - 300 - 400;
    expect(speechMs).toBeGreaterThan(800);
    expect(speechMs).toBeLessThan(1250);
    await until(
      () => sender.track === silent.stream.getAudioTracks()[0],
      3000,
      'the mic track back on the sender',
    );
    await until(() => r.of('agent_end').length, 15_000, 'the answer to the injected turn');
  });

  it('push-to-talk: sendAudio(pcm, { commit: true }) commits only after the audio reached the server', async () => {
    const silent = silentStream();
    cleanups.push(silent.close);
    const { session, transport, r } = await open({ mediaStream: silent.stream });
    await session.sendAudio(speechLike(800), { commit: true });
    await until(() => r.of('agent_end').length, 15_000, 'the answer to the committed audio');
    expect(r.of('error')).toHaveLength(0);
    // the committed user audio ends with the injected speech (a commit sent at once would hold only silence)
    const itemId = r.raw('input_audio_buffer.committed')[0]?.item_id as string;
    transport.send({ type: 'conversation.item.retrieve', item_id: itemId });
    const retrieved = await until(
      () => r.raw('conversation.item.retrieved')[0],
      5000,
      'the retrieved user item',
    );
    const b64 = (retrieved.item as { content: Array<{ audio?: string }> }).content[0]!.audio!;
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const pcm = new Int16Array(bytes.buffer, 0, bytes.byteLength >> 1);
    const tail = pcm.subarray(Math.max(0, pcm.length - 24000));
    expect(rmsDbfs(tail)).toBeGreaterThan(-30);
  });

  it('barge-in: the server truncates at what the tap really played (within 100 ms)', async () => {
    const silent = silentStream();
    cleanups.push(silent.close);
    const { session, transport, r } = await open({ vad: true, mediaStream: silent.stream });
    await session.sendText(LONG_MESSAGE);
    await until(() => r.of('audio').length * 20 >= 1200, 15_000, '1.2 s of assistant audio');
    const itemId = r.of('audio')[0]!.itemId;
    transport.sendAudio(speechLike(900));
    const truncated = await until(
      () => r.raw('conversation.item.truncated')[0],
      10_000,
      'conversation.item.truncated',
    );
    expect(truncated.item_id).toBe(itemId);
    expect(r.of('speech_started').length).toBe(1);
    const interrupted = r.of('audio_interrupted')[0];
    expect(interrupted?.itemId).toBe(itemId);
    const serverMs = truncated.audio_end_ms as number;
    const tappedMs =
      (r
        .of('audio')
        .filter((a) => a.itemId === itemId)
        .reduce((n, a) => n + a.data.length, 0) /
        24000) *
      1000;
    const pos = lastPosition(transport);
    console.log(
      `barge-in: server audio_end_ms ${serverMs}, tap played ${interrupted?.playedMs} ms (+${pos?.queuedMs.toFixed(0)} ms in the jitter buffer), rendered ${tappedMs.toFixed(0)} ms`,
    );
    expect(serverMs).toBeGreaterThan(1000);
    expectTruncatedAtPlayed(serverMs, interrupted!.playedMs, pos?.queuedMs ?? 0);
    // the audio events are what the track rendered: the content played plus any concealment
    expect(tappedMs).toBeGreaterThanOrEqual(interrupted!.playedMs - 1);
    // the session did not send a truncate itself (server-managed audio)
    const log = await emulatorLog(transport.callId!);
    expect(log.some((e) => e.direction === 'in' && e.event.type === 'conversation.item.truncate')).toBe(
      false,
    );
    // and playback stopped: no more audio for that item
    const n = r.of('audio').filter((a) => a.itemId === itemId).length;
    await sleep(300);
    expect(r.of('audio').filter((a) => a.itemId === itemId).length).toBe(n);
    expect(silent.stream.getAudioTracks()[0]!.readyState).toBe('live');
  });

  it('interrupt(): response.cancel + output_audio_buffer.clear, truncated where the tap stopped', async () => {
    const { session, transport, r } = await open();
    await session.sendText(LONG_MESSAGE);
    await until(() => r.of('audio').length * 20 >= 800, 15_000, '0.8 s of assistant audio');
    const itemId = r.of('audio')[0]!.itemId;
    expect(transport.speaking).toBe(true);
    expect(transport.playback()?.itemId).toBe(itemId);
    // the emulator may finish generating before playback ends: then only the clear is needed
    const generating = r.of('agent_end').length === 0;
    session.interrupt();
    const truncated = await until(() => r.raw('conversation.item.truncated')[0], 5000, 'truncated');
    await until(() => r.of('audio_interrupted').length, 5000, 'audio_interrupted');
    const log = await emulatorLog(transport.callId!);
    const sent = log.filter((e) => e.direction === 'in').map((e) => e.event.type);
    const expected = generating
      ? ['response.cancel', 'output_audio_buffer.clear']
      : ['output_audio_buffer.clear'];
    expect(sent.slice(-expected.length)).toEqual(expected);
    if (!generating) expect(sent.at(-2)).not.toBe('response.cancel');
    expect(r.raw('output_audio_buffer.cleared').length).toBe(1);
    // what the server had sent = what was heard + what was still in the jitter buffer at the stop
    expectTruncatedAtPlayed(
      truncated.audio_end_ms as number,
      r.of('audio_interrupted')[0]!.playedMs,
      lastPosition(transport)?.queuedMs ?? 0,
    );
    expect(transport.speaking).toBe(false);
    const n = r.of('audio').length;
    await sleep(300);
    expect(r.of('audio').length).toBe(n);
    if (generating) expect(r.of('agent_end').at(-1)?.status).toBe('cancelled');
  });

  it('interrupt(): the output falls silent at once, not when the jitter buffer ran dry; the next answer is heard from its start', async () => {
    const { session, transport, r } = await open();
    await session.sendText(LONG_MESSAGE);
    await until(() => r.of('audio').length * 20 >= 800, 15_000, '0.8 s of assistant audio');
    const element = transport.audioElement!;
    const heard = listen(element, transport.remoteStream!);
    await until(() => heard.some((h) => h.dbfs > -40), 5000, 'the answer heard from the element');
    const itemId = r.of('audio')[0]!.itemId;
    const clearedAt = performance.now();
    session.interrupt();
    await until(() => r.of('audio_interrupted').length, 5000, 'audio_interrupted');
    // the window in which the jitter buffer's tail played (up to ~0.9 s measured under load)
    await sleep(1000);
    const loud = heard.filter((h) => h.at >= clearedAt && h.dbfs > -60);
    const tailMs = loud.length ? loud.at(-1)!.at - clearedAt : 0;
    console.log(`interrupt: heard ${tailMs.toFixed(0)} ms of the answer after the clear`);
    expect(tailMs).toBeLessThanOrEqual(100);
    expect(element.muted).toBe(true);

    // the next answer unmutes as it starts: every frame of it played unmuted
    const mutedAtFrame: boolean[] = [];
    session.on('audio', (a) => {
      if (a.itemId !== itemId) mutedAtFrame.push(element.muted);
    });
    const next = heard.length;
    await session.sendText('still there?');
    await until(() => mutedAtFrame.length >= 10, 15_000, 'the next answer');
    expect(mutedAtFrame).not.toContain(true);
    expect(element.muted).toBe(false);
    await until(() => heard.slice(next).some((h) => h.dbfs > -40), 5000, 'the next answer heard');
  });

  it('mute: nothing reaches the server VAD while muted; unmuting brings the speech back', async () => {
    const { greeter } = await agents();
    const transport = webrtcTransport({ clientSecret: () => mintSecret() });
    transport.mute(true);
    const session = track(
      await runner({ transport, turnDetection: { type: 'server_vad', silenceDurationMs: 400 } }).session(
        greeter,
      ),
    );
    const r = record(session);
    expect(transport.inputTrack?.enabled).toBe(false);
    await sleep(2500);
    expect(r.of('speech_started')).toHaveLength(0);
    session.mute(false);
    expect(transport.inputTrack?.enabled).toBe(true);
    await until(() => r.of('speech_started').length, 6000, 'speech_started after unmuting');
  });

  it('switches the input device with replaceTrack and keeps the call', async () => {
    const { session, transport, r } = await open();
    const before = transport.inputTrack!;
    const callId = transport.callId;
    const current = before.getSettings().deviceId;
    const { inputs } = await listAudioDevices();
    const other = inputs.find((d) => d.deviceId !== current && d.deviceId !== 'default') ?? inputs[0]!;
    await transport.setInputDevice(other.deviceId);
    const after = transport.inputTrack!;
    expect(after).not.toBe(before);
    expect(after.getSettings().deviceId).toBe(other.deviceId);
    expect(before.readyState).toBe('ended');
    const sender = transport.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio');
    expect(sender?.track).toBe(after);
    expect(transport.callId).toBe(callId);
    expect(transport.peerConnection!.connectionState).toBe('connected');
    await transport.setOutputDevice('default');
    await session.sendText('Still there?');
    await until(() => r.of('agent_end').length, 15_000, 'a turn after the switch');
  });

  it('close releases what it opened (not a given stream) and the transport connects again', async () => {
    const silent = silentStream();
    cleanups.push(silent.close);
    const first = await open();
    const pc = first.transport.peerConnection!;
    const mic = first.transport.inputTrack!;
    const element = first.transport.audioElement!;
    const firstCall = first.transport.callId;
    first.session.close();
    expect(pc.connectionState).toBe('closed');
    expect(mic.readyState).toBe('ended');
    expect(element.srcObject).toBeNull();
    expect(() => first.transport.send({ type: 'response.create' })).toThrow(TransportError);
    first.transport.close(); // idempotent

    const again = await open({ transport: first.transport });
    expect(again.transport.callId).not.toBe(firstCall);
    await again.session.sendText('Hello again');
    await until(() => again.r.of('agent_end').length, 15_000, 'a turn after reconnecting');
    again.session.close();

    const given = webrtcTransport({ clientSecret: () => mintSecret(), mediaStream: silent.stream });
    const third = await open({ transport: given });
    third.session.close();
    expect(silent.stream.getAudioTracks()[0]!.readyState).toBe('live');
  });

  it('soak: connect/close cycles release every peer, track and element', async () => {
    const { greeter } = await agents();
    const transport = webrtcTransport({ clientSecret: () => mintSecret() });
    const opened: Array<{ pc: RTCPeerConnection; mic: MediaStreamTrack; el: HTMLAudioElement }> = [];
    for (let i = 0; i < 5; i++) {
      const session = await runner({ transport, turnDetection: null }).session(greeter);
      opened.push({ pc: transport.peerConnection!, mic: transport.inputTrack!, el: transport.audioElement! });
      session.close();
    }
    expect(new Set(opened.map((o) => o.pc)).size).toBe(5);
    for (const o of opened) {
      expect(o.pc.connectionState).toBe('closed');
      expect(o.mic.readyState).toBe('ended');
      expect(o.el.srcObject).toBeNull();
    }
    expect(transport.peerConnection).toBeNull();
    expect(transport.state).toBe('closed');
  });
});
