import { describe, expect, it } from 'vitest';
import { answerOffer, createLoopbackPeer } from './peer.js';
import { createTestClient } from './test-support.js';

/** werift's UDP sockets behind a peer connection (internal shape, read only for this check). */
interface Internals {
  iceTransports: Array<{
    connection: { protocols: Array<{ transport?: { address: { address: string; port: number } } }> };
  }>;
}

describe('createLoopbackPeer', () => {
  it('binds every media socket to 127.0.0.1, not to all interfaces', async () => {
    const client = await createTestClient();
    const peer = createLoopbackPeer();
    try {
      const answer = await answerOffer(peer, client.offer);
      const sockets = (peer.pc as unknown as Internals).iceTransports.flatMap((t) =>
        t.connection.protocols.map((p) => p.transport?.address),
      );
      expect(sockets.length).toBeGreaterThan(0);
      for (const s of sockets) expect(s?.address).toBe('127.0.0.1');
      // and the answer offers only loopback candidates
      const candidates = answer.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
      expect(candidates.length).toBeGreaterThan(0);
      for (const c of candidates) expect(c.split(' ')[4]).toBe('127.0.0.1');
    } finally {
      await peer.pc.close();
      await client.close();
    }
  });
});
