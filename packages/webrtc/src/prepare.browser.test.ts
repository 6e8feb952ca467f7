import { exponentialBackoff, RealtimeAgent, RealtimeSession, TransportError } from '@realtime-agents/core';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, emulatorLog, mintSecret, record, rmsDbfs, runner, sleep, until } from '../test/helpers.js';
import { type WebRtcTransport, webrtcTransport } from './index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });

/** A transport that records every peer connection it creates, and how often a key was fetched. */
function transportWithSpies(extra: Parameters<typeof webrtcTransport>[0] = {}) {
  const pcs: RTCPeerConnection[] = [];
  let keys = 0;
  const transport = webrtcTransport({
    clientSecret: () => {
      keys++;
      return mintSecret();
    },
    changePeerConnection: (pc) => void pcs.push(pc),
    ...extra,
  });
  cleanups.push(() => transport.close());
  return { transport, pcs, keys: () => keys };
}

function keep(session: RealtimeSession<unknown>): RealtimeSession<unknown> {
  cleanups.push(() => session.close());
  return session;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

const inEvents = async (callId: string, type: string) =>
  (await emulatorLog(callId)).filter((e) => e.direction === 'in' && e.event.type === type);
const outEvents = async (callId: string, prefix: string) =>
  (await emulatorLog(callId)).filter((e) => e.direction === 'out' && e.event.type.startsWith(prefix));

/** HTTP status of a Calls API hangup for `callId` (404 once the emulator ended the call). */
async function hangupStatus(callId: string): Promise<number> {
  const res = await fetch(`${baseUrl()}/realtime/calls/${callId}/hangup`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test' },
  });
  return res.status;
}

/** The audio sender of the transport's call. */
const sender = (t: WebRtcTransport) =>
  t.peerConnection?.getTransceivers().find((x) => x.receiver.track.kind === 'audio')?.sender;

describe('runner.prepare() with webrtcTransport', () => {
  it('prepare, then connect: adopts the call without another session.update; the first turn plays audio', async () => {
    const { transport, pcs, keys } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    const prepared = r0.prepare(agent);
    await until(() => transport.preparation === 'preparing', 1000, 'the preparation to start');
    await prepared;
    expect(transport.preparation).toBe('ready');
    expect(pcs).toHaveLength(1);
    expect(pcs[0]!.connectionState).toBe('connected');
    // idle: no microphone on the call
    const idleSender = pcs[0]!.getSenders().find((s) => s.track === null);
    expect(idleSender).toBeDefined();

    const t0 = performance.now();
    const session = keep(await r0.session(agent));
    const readyMs = performance.now() - t0;
    expect(transport.preparation).toBe('none');
    expect(pcs).toHaveLength(1);
    expect(transport.peerConnection).toBe(pcs[0]);
    expect(keys()).toBe(1);
    expect(sender(transport)?.track).toBe(transport.inputTrack);
    expect(transport.inputTrack?.readyState).toBe('live');
    // nothing left to ask the server: no round trip, far below a fresh connect (~150 ms here)
    expect(readyMs).toBeLessThan(100);

    const r = record(session);
    await session.sendText('Hello there, how are you today?');
    await until(
      () => r.of('agent_end').length && r.of('audio_end').length,
      15_000,
      'agent_end and audio_end',
    );
    const pcm = r.of('audio').map((a) => a.data);
    const all = new Int16Array(pcm.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of pcm) {
      all.set(c, o);
      o += c.length;
    }
    expect((all.length / 24000) * 1000).toBeGreaterThan(500);
    expect(rmsDbfs(all)).toBeGreaterThan(-35);
    expect(transport.audioElement?.srcObject).toBe(transport.remoteStream);

    const updates = await inEvents(transport.callId!, 'session.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.event).toMatchObject({ session: { instructions: 'Be brief.' } });
  });

  it('an idle prepared call hears nothing and starts no response; the microphone goes live at connect', async () => {
    const { transport, pcs } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: { type: 'server_vad', silenceDurationMs: 400 } });
    await r0.prepare(agent);
    const callPc = pcs[0]!;
    let gotUserMedia = 0;
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => {
      gotUserMedia++;
      return gum(c);
    };
    cleanups.push(() => {
      navigator.mediaDevices.getUserMedia = gum;
    });
    await sleep(1500); // the fake microphone talks all the time: server VAD would hear it if it were sent
    expect(gotUserMedia).toBe(0);
    const stats = await callPc.getStats();
    let packetsSent = 0;
    stats.forEach((s: { type: string; kind?: string; packetsSent?: number }) => {
      if (s.type === 'outbound-rtp' && s.kind === 'audio') packetsSent += s.packetsSent ?? 0;
    });
    expect(packetsSent).toBe(0);
    // the emulator logs client events only after the session exists; read them through a session
    const session = keep(await r0.session(agent));
    expect(gotUserMedia).toBe(1);
    const log = await emulatorLog(transport.callId!);
    const before = log.filter((e) => e.direction === 'out').map((e) => e.event.type);
    expect(before).not.toContain('input_audio_buffer.speech_started');
    expect(before.some((t) => t.startsWith('response.'))).toBe(false);
    const r = record(session);
    await until(() => r.of('speech_started').length, 10_000, 'speech_started once the mic is on the call');
  });

  it('the config changed between prepare and connect: one session.update at connect, then a turn works', async () => {
    const { transport } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    await r0.prepare(agent);
    const other = new RealtimeAgent({ name: 'B', instructions: 'Respond in Spanish' });
    const session = keep(await r0.session(other));
    const updates = await inEvents(transport.callId!, 'session.update');
    expect(updates.map((u) => (u.event.session as { instructions: string }).instructions)).toEqual([
      'Be brief.',
      'Respond in Spanish',
    ]);
    const r = record(session);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'the answer');
    expect(r.of('agent_end')[0]?.output).toContain('Hello');
  });

  it('prepare() without an agent: the call is made ahead, the config goes in a session.update at connect', async () => {
    const { transport, pcs } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    await r0.prepare();
    const callId = transport.callId!;
    expect((await outEvents(callId, 'session.')).map((e) => e.event.type)).toEqual(['session.created']);
    expect(await inEvents(callId, 'session.update')).toEqual([]);
    const session = keep(await r0.session(agent));
    expect(pcs).toHaveLength(1);
    const updates = await inEvents(transport.callId!, 'session.update');
    expect(updates).toHaveLength(1);
    const r = record(session);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'the answer');
  });

  it('prepare twice is idempotent: one call, one key, the same promise', async () => {
    const { transport, pcs, keys } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    const a = r0.prepare(agent);
    const b = r0.prepare(agent);
    await Promise.all([a, b]);
    await r0.prepare(agent); // ready: nothing new either
    expect(pcs).toHaveLength(1);
    expect(keys()).toBe(1);
    const direct = transport.prepare({ model: 'gpt-realtime' });
    const again = transport.prepare({ model: 'gpt-realtime' });
    expect(direct).toBe(again);
    keep(await r0.session(agent));
    expect(pcs).toHaveLength(1);
  });

  it('connect while still preparing waits for the prepared call instead of making a second one', async () => {
    const { transport, pcs } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    void r0.prepare(agent);
    const session = keep(await r0.session(agent));
    expect(pcs).toHaveLength(1);
    const r = record(session);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'the answer');
  });

  it('an unused prepared call expires after idleTimeoutMs: closed on both sides, then a normal connect works', async () => {
    const { transport, pcs, keys } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    await r0.prepare(agent, { idleTimeoutMs: 300 });
    const first = pcs[0]!;
    const callId = transport.callId!;
    await until(() => transport.preparation === 'expired', 3000, 'the preparation to expire');
    expect(first.connectionState).toBe('closed');
    expect(transport.callId).toBeNull();
    for (let i = 0; (await hangupStatus(callId)) !== 404; i++) {
      if (i > 50) throw new Error('the emulator did not end the expired call');
      await sleep(50);
    }
    const session = keep(await r0.session(agent));
    expect(pcs).toHaveLength(2);
    expect(keys()).toBe(2);
    const r = record(session);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'the answer after expiry');
    // and prepare works again after an expiry
    session.close();
    await r0.prepare(agent, { idleTimeoutMs: 300 });
    expect(transport.preparation).toBe('ready');
    expect(pcs).toHaveLength(3);
  });

  it('rejects a bad idleTimeoutMs', async () => {
    const { transport } = transportWithSpies();
    const err = await rejection(runner({ transport }).prepare(agent, { idleTimeoutMs: -1 }));
    expect(err.message).toMatch(/idleTimeoutMs/);
    expect(transport.preparation).toBe('none');
  });

  it('close() after prepare releases the peer connection; the emulator ends the call; nothing left open', async () => {
    const { transport, pcs } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    await r0.prepare(agent);
    const callId = transport.callId!;
    expect(callId).toMatch(/^rtc_/);
    transport.close();
    expect(pcs[0]!.connectionState).toBe('closed');
    expect(transport.preparation).toBe('none');
    expect(transport.peerConnection).toBeNull();
    expect(transport.callId).toBeNull();
    // the emulator ended the call too (a hangup now finds nothing)
    for (let i = 0; (await hangupStatus(callId)) !== 404; i++) {
      if (i > 50) throw new Error('the emulator did not end the prepared call');
      await sleep(50);
    }
    // close while still preparing: the preparation is aborted, its promise rejects with 'closed'
    const p = transport.prepare({ model: 'gpt-realtime' });
    expect(transport.preparation).toBe('preparing');
    transport.close();
    const err = await rejection(p);
    expect((err as TransportError).code).toBe('closed');
    await until(() => pcs[1]!.connectionState === 'closed', 2000, 'the second peer connection to close');
    // and the transport still connects normally afterwards
    keep(await r0.session(agent));
    expect(pcs).toHaveLength(3);
  });

  it('a failed prepare rejects, and the next connect reports it naming the stage; the one after connects', async () => {
    const { transport, pcs } = transportWithSpies();
    const faulty = runner({
      transport,
      turnDetection: null,
      extraHeaders: { 'x-emulator-fault': 'sdp_500' },
    });
    const prepErr = await rejection(faulty.prepare(agent));
    expect(prepErr).toBeInstanceOf(TransportError);
    expect((prepErr as TransportError).code).toBe('prepare_failed');
    expect(prepErr.message).toMatch(
      /prepare\(\) failed while waiting for the SDP answer from POST .*realtime\/calls/,
    );
    expect(prepErr.message).toMatch(/HTTP 500/);
    expect(transport.preparation).toBe('failed');
    expect(pcs[0]!.connectionState).toBe('closed');

    const connectErr = await rejection(runner({ transport, turnDetection: null }).session(agent));
    expect((connectErr as TransportError).code).toBe('prepare_failed');
    expect(connectErr.message).toMatch(/SDP answer/);
    expect(transport.preparation).toBe('none');

    keep(await runner({ transport, turnDetection: null }).session(agent));
    expect(transport.peerConnection?.connectionState).toBe('connected');
  });

  it('a key that cannot be fetched fails prepare at the client secret stage', async () => {
    const transport = webrtcTransport({
      clientSecret: () => Promise.reject(new Error('session endpoint down')),
    });
    cleanups.push(() => transport.close());
    const r0 = runner({ transport });
    await rejection(r0.prepare(agent));
    const err = await rejection(r0.session(agent));
    expect((err as TransportError).code).toBe('prepare_failed');
    expect(err.message).toMatch(/waiting for the client secret: .*session endpoint down/);
  });

  it('while idle nothing plays (no srcObject, no tap); mute() before the click carries over; prepare while connected is refused', async () => {
    const { transport } = transportWithSpies();
    const r0 = runner({ transport, turnDetection: null });
    transport.mute(true);
    let contexts = 0;
    const Original = window.AudioContext;
    window.AudioContext = class extends Original {
      constructor(...args: ConstructorParameters<typeof AudioContext>) {
        super(...args);
        contexts++;
      }
    };
    cleanups.push(() => {
      window.AudioContext = Original;
    });
    await r0.prepare(agent);
    await sleep(300); // the remote track has arrived by now
    expect(contexts).toBe(0); // no tap (and no AudioContext) before the click
    expect(transport.audioElement).toBeNull();
    const session = keep(await r0.session(agent));
    await until(() => contexts > 0, 2000, 'the tap to start at the click');
    expect(transport.audioElement?.srcObject).toBe(transport.remoteStream);
    expect(transport.inputTrack?.enabled).toBe(false);
    expect(transport.muted).toBe(true);
    const err = await rejection(transport.prepare({ model: 'gpt-realtime' }));
    expect((err as TransportError).code).toBe('already_connected');
    session.mute(false);
    expect(transport.inputTrack?.enabled).toBe(true);
  });

  it('a prepared session that drops reconnects with a fresh call (the replayed session.created names the server session)', async () => {
    const { transport, pcs } = transportWithSpies();
    const r0 = runner({
      transport,
      turnDetection: null,
      reconnect: exponentialBackoff({ initialDelayMs: 100, maxDelayMs: 200, jitter: 0, maxAttempts: 2 }),
    });
    await r0.prepare(agent);
    const session = new RealtimeSession({ options: r0.options, agent, transport });
    keep(session);
    const r = record(session);
    await session.connect();
    const created = r.raw('session.created');
    expect(created).toHaveLength(1);
    const serverId = (created[0]!.session as { id: string }).id;
    const res = await fetch(`${new URL(baseUrl()).origin}/emulator/sessions/${serverId}/drop`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    await until(() => r.of('connection').some((c) => c.resumed), 10_000, 'the session to resume');
    expect(pcs).toHaveLength(2);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'an answer after the reconnect');
  });

  it('a standard key sends the config in the call itself (multipart session): no session.update, with or without prepare', async () => {
    for (const prepared of [false, true]) {
      const transport = webrtcTransport({ apiKey: 'sk-test', dangerouslyAllowBrowser: true });
      cleanups.push(() => transport.close());
      const r0 = runner({ transport, turnDetection: null });
      if (prepared) await r0.prepare(agent);
      const session = keep(await r0.session(agent));
      const r = record(session);
      const log = await emulatorLog(transport.callId!);
      const created = log.find((e) => e.direction === 'out' && e.event.type === 'session.created');
      expect(created?.event.session).toMatchObject({
        instructions: 'Be brief.',
        audio: { input: { turn_detection: null } },
      });
      expect(log.filter((e) => e.direction === 'in' && e.event.type === 'session.update')).toEqual([]);
      await session.sendText('Hello');
      await until(() => r.of('agent_end').length, 15_000, `the answer (prepared: ${prepared})`);
      session.close();
    }
  });

  it('connect without prepare is unchanged: session.update on open, preparation stays none', async () => {
    const { transport, pcs } = transportWithSpies();
    keep(await runner({ transport, turnDetection: null }).session(agent));
    expect(pcs).toHaveLength(1);
    expect(transport.preparation).toBe('none');
    expect(await inEvents(transport.callId!, 'session.update')).toHaveLength(1);
  });
});
