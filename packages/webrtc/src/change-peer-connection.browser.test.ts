// changePeerConnection: the app adjusts each new RTCPeerConnection before the offer (here: its own
// data channel on the connection that comes up); a hook that throws fails the
// connect with a clear code, and the transport connects again afterwards.
import { RealtimeAgent, TransportError } from '@realtime-agents/core';
import { afterEach, describe, expect, it } from 'vitest';
import { mintSecret, record, runner, until } from '../test/helpers.js';
import { webrtcTransport } from './index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });

describe('webrtcTransport({ changePeerConnection })', () => {
  it('runs before the offer on each connect; what it adds is in the call', async () => {
    const seen: RTCPeerConnection[] = [];
    const channels: string[] = [];
    const transport = webrtcTransport({
      clientSecret: mintSecret,
      changePeerConnection: async (pc) => {
        seen.push(pc);
        expect(pc.localDescription).toBeNull(); // before the offer
        channels.push(pc.createDataChannel('app-metrics').label);
      },
    });
    const session = await runner({ transport, turnDetection: null }).session(agent);
    cleanups.push(() => session.close());
    expect(seen).toHaveLength(1);
    // the hook got the call's own connection: it is the one that came up
    expect(seen[0]!.connectionState).toBe('connected');
    expect(channels).toEqual(['app-metrics']);
    const r = record(session);
    await session.sendText('Hello');
    await until(() => r.of('agent_end').length, 15_000, 'an answer on the adjusted connection');
  });

  it('a hook that throws fails that connect with change_peer_connection_failed; the next connect works', async () => {
    let fail = true;
    const transport = webrtcTransport({
      clientSecret: mintSecret,
      changePeerConnection: () => {
        if (fail) throw new Error('no TURN credentials yet');
      },
    });
    const error = await runner({ transport, turnDetection: null, reconnect: false })
      .session(agent)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'change_peer_connection_failed',
      message: 'changePeerConnection(pc) threw: no TURN credentials yet',
    });
    fail = false;
    const session = await runner({ transport, turnDetection: null }).session(agent);
    cleanups.push(() => session.close());
    expect(session.closed).toBe(false);
  });

  it('rejects a hook that is not a function, naming the option', () => {
    expect(() => webrtcTransport({ clientSecret: mintSecret, changePeerConnection: 'yes' as never })).toThrow(
      /changePeerConnection.*expected a function \(pc\) => void, got string/,
    );
  });
});
