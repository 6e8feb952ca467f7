// Attaching to an accepted SIP call by call_id (Node, emulator).
import { RealtimeAgent, RealtimeRunner, TransportError } from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../test/node-helpers.js';
import { HandshakeError, sipTransport } from './index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
});

const auth = { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' };

async function acceptedCall(): Promise<string> {
  const ring = await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/emulator/sip/incoming`, {
    method: 'POST',
    headers: auth,
    body: '{}',
  });
  const { call_id } = (await ring.json()) as { call_id: string };
  const accept = await fetch(`${emu.baseUrl}/realtime/calls/${call_id}/accept`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ type: 'realtime', model: 'gpt-realtime', instructions: 'Phone agent.' }),
  });
  expect(accept.status).toBe(200);
  return call_id;
}

describe('sipTransport', () => {
  it('attaches by call_id (no model on the URL); text turn works; server-managed audio; sendAudio refused', async () => {
    const callId = await acceptedCall();
    const transport = sipTransport({ callId, apiKey: 'sk-test' });
    expect(transport.serverManagedAudio).toBe(true);
    const session = await new RealtimeRunner({ transport, baseUrl: emu.baseUrl }).session(
      new RealtimeAgent({ name: 'Phone', instructions: 'Answer the phone.' }),
    );
    expect(transport.url).toMatch(new RegExp(`/v1/realtime\\?call_id=${callId}$`));
    const rec = record(session);
    await session.sendText('Hello on the phone');
    expect((await rec.waitFor('agent_end')).output).toContain('Hello on the phone');
    expect(transport.playback()).toBeNull();
    let err: unknown;
    try {
      transport.sendAudio(new Int16Array(480));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('unsupported');
    expect((err as Error).message).toMatch(/SIP\/WebRTC media/);
    session.close();
  });

  it('an unknown call id is a 404 handshake error with the server message', async () => {
    const transport = sipTransport({ callId: 'rtc_doesnotexist', apiKey: 'sk-test' });
    let err: unknown;
    try {
      await new RealtimeRunner({ transport, baseUrl: emu.baseUrl }).session(new RealtimeAgent({ name: 'A' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).status).toBe(404);
    expect((err as Error).message).toContain('No session found for the provided call_id');
  });

  it('needs a call id', () => {
    expect(() => sipTransport({} as never)).toThrow(/callId/);
  });
});
