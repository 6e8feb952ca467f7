import {
  ConfigError,
  type ConnectionState,
  fallbackTransport,
  type HistoryMessage,
  RealtimeAgent,
  TransportError,
} from '@realtime-agents/core';
import { afterEach, describe, expect, it } from 'vitest';
import { agents, baseUrl, mintSecret, record, runner, until } from '../test/helpers.js';
import { websocketTransport } from '@realtime-agents/websocket';
import { SdpExchangeError, webrtcTransport } from './index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** After a failed connect, the same transport must connect and work. */
async function expectUsable(transport: ReturnType<typeof webrtcTransport>) {
  const session = await runner({ transport, turnDetection: null }).session(agent);
  cleanups.push(() => session.close());
  const r = record(session);
  await session.sendText('Hello');
  await until(() => r.of('agent_end').length, 15_000, 'a turn after the failure');
}

describe('webrtcTransport errors', () => {
  it('refuses a standard sk- key in the browser, explaining ephemeral keys', async () => {
    let error: unknown;
    try {
      webrtcTransport({ clientSecret: 'sk-test' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/ephemeral|client secret \(ek_/);
    expect((error as Error).message).toMatch(/clientSecretHandler/);

    // the runner's apiKey is checked at connect time, before any request
    const transport = webrtcTransport();
    const err = await rejection(runner({ transport, apiKey: 'sk-test' }).session(agent));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('insecure_key');
    expect(transport.peerConnection).toBeNull();
  });

  it('allows a standard key with dangerouslyAllowBrowser: true', async () => {
    const transport = webrtcTransport({ apiKey: 'sk-test', dangerouslyAllowBrowser: true });
    const session = await runner({ transport, turnDetection: null }).session(agent);
    cleanups.push(() => session.close());
    expect(transport.callId).toMatch(/^rtc_/);
  });

  it('a rejected key surfaces HTTP 401 and the server message', async () => {
    const transport = webrtcTransport({ clientSecret: 'ek_00000000000000000000000000000000' });
    const err = await rejection(runner({ transport }).session(agent));
    expect(err).toBeInstanceOf(SdpExchangeError);
    expect((err as SdpExchangeError).status).toBe(401);
    expect((err as SdpExchangeError).code).toBe('http_401');
    expect((err as SdpExchangeError).serverCode).toBe('invalid_api_key');
    expect(err.message).toMatch(/HTTP 401: Incorrect API key provided/);
    expect(err.message).toMatch(/realtime\/calls/);
    expect(transport.state).toBe('closed');
  });

  it('sdp_500 fault: HTTP 500 with the server message, then a usable transport', async () => {
    const transport = webrtcTransport({ clientSecret: () => mintSecret() });
    const faulty = runner({ transport, extraHeaders: { 'x-emulator-fault': 'sdp_500' } });
    const err = await rejection(faulty.session(agent));
    expect((err as SdpExchangeError).status).toBe(500);
    expect(err.message).toMatch(/HTTP 500: The server had an error while processing your request/);
    expect(transport.peerConnection).toBeNull();
    await expectUsable(transport);
  });

  it('ice_never fault: times out naming the ICE stage, then a usable transport', async () => {
    const transport = webrtcTransport({ clientSecret: () => mintSecret(), connectTimeoutMs: 2500 });
    const faulty = runner({ transport, extraHeaders: { 'x-emulator-fault': 'ice_never' } });
    const t0 = performance.now();
    const err = await rejection(faulty.session(agent));
    const elapsed = performance.now() - t0;
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('connect_timeout');
    expect(err.message).toMatch(/timed out after 2500 ms waiting for the WebRTC connection \(ICE\/DTLS\)/);
    expect(elapsed).toBeLessThan(4000);
    await expectUsable(transport);
  });

  it('an oversized client event is refused with a clear error and the call survives', async () => {
    const transport = webrtcTransport({ clientSecret: () => mintSecret() });
    const session = await runner({ transport, turnDetection: null }).session(agent);
    cleanups.push(() => session.close());
    const r = record(session);
    const limit = transport.peerConnection!.sctp!.maxMessageSize;
    await session.sendText('x'.repeat(limit + 10));
    const error = r.of('error')[0]?.error as TransportError;
    expect(error.code).toBe('event_too_large');
    expect(error.message).toMatch(new RegExp(`${limit}-byte maximum message size`));
    await session.sendText('Short one');
    await until(() => r.of('agent_end').length, 15_000, 'a turn after the refused event');
  });

  it('server hang-up with reconnect: false: connection events with an error, and the session closes', async () => {
    const { greeter } = await agents();
    const transport = webrtcTransport({ clientSecret: () => mintSecret() });
    const session = await runner({ transport, turnDetection: null, reconnect: false }).session(greeter);
    cleanups.push(() => session.close());
    const r = record(session);
    const res = await fetch(`${baseUrl()}/realtime/calls/${transport.callId}/hangup`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test' },
    });
    expect(res.status).toBe(200);
    await until(() => session.closed, 5000, 'the session to close');
    const states = r.of('connection').map((c) => c.state as ConnectionState);
    expect(states).toContain('disconnected');
    expect(states.at(-1)).toBe('closed');
    expect(r.of('error')[0]?.error).toBeInstanceOf(TransportError);
    expect(transport.peerConnection).toBeNull();
    await expectUsable(transport);
  });

  it('server hang-up (reconnect by default): a new call with the conversation re-seeded, and it answers', async () => {
    const { greeter } = await agents();
    const transport = webrtcTransport({ clientSecret: () => mintSecret() });
    const session = await runner({ transport, turnDetection: null }).session(greeter);
    cleanups.push(() => session.close());
    const r = record(session);
    await session.sendText('My name is Ada.');
    await until(() => r.of('agent_end').length, 15_000, 'the first answer');
    const firstCall = transport.callId;
    const res = await fetch(`${baseUrl()}/realtime/calls/${firstCall}/hangup`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk-test' },
    });
    expect(res.status).toBe(200);
    await until(
      () => r.of('connection').some((c) => c.state === 'connected' && c.resumed),
      15_000,
      'the session to resume',
    );
    const states = r.of('connection').map((c) => c.state as ConnectionState);
    expect(states).toContain('reconnecting');
    expect(states).not.toContain('closed');
    expect(session.closed).toBe(false);
    expect(transport.callId).not.toBe(firstCall);
    // the call's own microphone track was down with it: the session says how long
    expect(transport.capturesMicrophone).toBe(true);
    expect(r.of('warning').map((w) => w.warning.code)).toEqual(['microphone_gap']);
    await session.sendText('Again please.');
    await until(() => r.of('agent_end').length >= 2, 15_000, 'an answer after the reconnect');
    // the first turn was re-seeded, not repeated: one user item per sentence in the history
    const users = session.history.filter(
      (i) => i.type === 'message' && (i as HistoryMessage).role === 'user',
    );
    expect(users).toHaveLength(2);
  });
});

describe('fallbackTransport(webrtc, websocket)', () => {
  it('ICE never connects: the session moves to WebSocket, says so once, and answers there', async () => {
    const webrtc = webrtcTransport({ clientSecret: () => mintSecret(), connectTimeoutMs: 2500 });
    const websocket = websocketTransport({ clientSecret: () => mintSecret() });
    const fallbacks: Error[] = [];
    const transport = fallbackTransport(webrtc, websocket, { onFallback: (e) => fallbacks.push(e) });
    // the fault header reaches only the WebRTC call setup (browsers cannot set WebSocket headers)
    const faulty = runner({
      transport,
      turnDetection: null,
      extraHeaders: { 'x-emulator-fault': 'ice_never' },
    });
    const session = await faulty.session(agent);
    cleanups.push(() => session.close());
    expect(fallbacks.map((e) => (e as TransportError).code)).toEqual(['connect_timeout']);
    expect(transport.active).toBe(websocket);
    expect(transport.serverManagedAudio).toBe(false);
    expect(webrtc.peerConnection).toBeNull();
    const r = record(session);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'an answer over WebSocket');
    expect(String(r.of('agent_end')[0]!.output)).toContain('Hello');
  });
});
