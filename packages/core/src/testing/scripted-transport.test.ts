import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from '../agent.js';
import { ProtocolError } from '../errors.js';
import { connectScripted } from './connect-scripted.js';
import { pcm16ToBase64 } from './server-script.js';

const agent = new RealtimeAgent({ name: 'A' });
const delta = (d: string) => ({
  type: 'response.output_audio.delta',
  event_id: 'e1',
  response_id: 'resp_1',
  item_id: 'item_1',
  output_index: 0,
  content_index: 0,
  delta: d,
});

describe('ScriptedTransport.receive', () => {
  it('reports an undecodable audio delta as invalid_audio and keeps going, as the WebSocket transport does', async () => {
    const { transport, of } = await connectScripted(agent);
    expect(() => transport.receive(delta('%%% not base64 %%%'))).not.toThrow();
    const error = of('error')[0]?.error as Error;
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('invalid_audio');
    expect(error.message).toContain('item_1');
    expect(transport.playback()).toBeNull();
    // the next good delta still plays
    transport.receive(delta(pcm16ToBase64(new Int16Array(2400))));
    expect(of('audio').length).toBeGreaterThan(0);
  });

  it('decodes an audio delta sent as a wire string the same as one sent as an object', async () => {
    const a = await connectScripted(agent);
    const b = await connectScripted(agent);
    const pcm = Int16Array.from({ length: 4800 }, (_, i) => (i * 37) % 30000);
    a.transport.receive(JSON.stringify(delta(pcm16ToBase64(pcm))));
    b.transport.receive(delta(pcm16ToBase64(pcm)));
    const samples = (s: typeof a) => s.of('audio').map((e) => Array.from(e.data));
    expect(samples(a)).toEqual(samples(b));
    expect(samples(a).flat()).toEqual(Array.from(pcm));
  });

  it('decodes audio deltas with the decoder it is given, and lets atob decide when it declines', async () => {
    const pcm = Int16Array.from({ length: 2400 }, (_, i) => i);
    const seen: string[] = [];
    const { transport, of } = await connectScripted(
      agent,
      {},
      {
        decodePcm16: (b64) => {
          seen.push(b64);
          return seen.length === 1 ? new Int16Array([7]) : null;
        },
      },
    );
    transport.receive(JSON.stringify(delta(pcm16ToBase64(pcm))));
    transport.receive(delta(pcm16ToBase64(pcm)));
    expect(seen).toHaveLength(2);
    expect(of('audio').map((e) => Array.from(e.data))).toEqual([[7], Array.from(pcm)]);
  });
});
