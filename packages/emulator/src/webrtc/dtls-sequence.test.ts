import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxRecordSequence } from './dtls-sequence.js';
import {
  type CallsTestServer,
  createTestClient,
  negotiate,
  startCallsServer,
  type TestClient,
  waitFor,
} from './test-support.js';

/** One DTLS record (header + body) with the given epoch and sequence number. */
function record(epoch: number, sequence: number, body: Buffer, type = 23): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt8(type, 0);
  header.writeUInt16BE(0xfefd, 1);
  header.writeUInt16BE(epoch, 3);
  header.writeUIntBE(sequence, 5, 6);
  header.writeUInt16BE(body.length, 11);
  return Buffer.concat([header, body]);
}

/** Every DTLS record in a datagram (RFC 7983 demultiplexing: first byte 20–63). */
function records(datagram: Buffer): Buffer[] {
  if (datagram.length === 0 || datagram[0]! < 20 || datagram[0]! > 63) return [];
  const out: Buffer[] = [];
  for (let o = 0; o + 13 <= datagram.length; ) {
    const end = o + 13 + datagram.readUInt16BE(o + 11);
    out.push(datagram.subarray(o, end));
    o = end;
  }
  return out;
}

describe('maxRecordSequence', () => {
  it('reads the highest sequence number of one epoch from concatenated records', () => {
    const flight = [
      Buffer.concat([record(0, 4, Buffer.from('hello'), 22), record(0, 5, Buffer.alloc(300), 22)]),
      record(0, 6, Buffer.from([1]), 20),
      record(1, 7, Buffer.alloc(40), 22),
    ];
    expect(maxRecordSequence(flight, 1)).toBe(7);
    expect(maxRecordSequence(flight, 0)).toBe(6);
    expect(maxRecordSequence(flight, 2)).toBe(-1);
    expect(maxRecordSequence([], 1)).toBe(-1);
  });
});

describe('emulator DTLS record sequence numbers', () => {
  let server: CallsTestServer;
  let client: TestClient;
  beforeEach(async () => {
    server = await startCallsServer();
  });
  afterEach(async () => {
    await client?.close();
    await server.close();
  });

  // Regression: werift numbered the first application records 1, 2, … again in epoch 1 although
  // its Finished had used one of those numbers; Chromium drops the colliding record as a replay
  // and the data channel message in it (session.updated on connect) arrived ~1 s late.
  it('never reuses an (epoch, sequence number) pair for a different record', async () => {
    client = await createTestClient();
    const seen = new Map<string, Buffer>();
    const reused: string[] = [];
    const ice = client.pc.iceTransports[0]!.connection;
    ice.onData.subscribe((datagram) => {
      for (const r of records(datagram)) {
        const key = `${r.readUInt16BE(3)}:${r.readUIntBE(5, 6)}`;
        const before = seen.get(key);
        if (before && !before.equals(r)) reused.push(key); // an identical record is a retransmission
        seen.set(key, Buffer.from(r));
      }
    });
    expect((await negotiate(client, server.url)).status).toBe(201);
    await waitFor(() => client.messages.length > 0, 'session.created');
    for (let i = 0; i < 12; i++)
      client.dc.send(JSON.stringify({ type: 'session.update', event_id: `e${i}` }));
    await waitFor(() => client.messages.length === 13, 'the echoes');
    const epoch1 = [...seen.keys()].filter((k) => k.startsWith('1:')).length;
    expect(epoch1).toBeGreaterThan(12); // Finished + application data were all observed
    expect(reused).toEqual([]);
  });
});
