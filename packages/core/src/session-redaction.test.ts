import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { ProtocolError, TransportError } from './errors.js';
import { RealtimeRunner } from './runner.js';
import { connectScripted } from './testing/connect-scripted.js';
import { ScriptedTransport } from './testing/scripted-transport.js';

const agent = new RealtimeAgent({ name: 'A' });
// Built at run time so no key-shaped literal sits in the source.
const apiKey = `sk-proj-${'Q'.repeat(30)}tail`;
const ephemeral = `ek_${'7'.repeat(28)}last`;

describe('no credential reaches a listener', () => {
  it("masks a key the server quotes in an error: message, stack and the ProtocolError's raw event", async () => {
    const { feed, of, events } = await connectScripted(agent);
    feed([
      {
        type: 'error',
        event_id: 'e1',
        error: {
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          message: `Incorrect API key provided: ${apiKey}.`,
        },
      },
    ]);
    const { error } = of('error')[0] as { error: Error };
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('invalid_api_key');
    expect(error.message).toBe('Incorrect API key provided: sk-proj-…tail.');
    expect(error.stack).not.toContain(apiKey);
    expect(JSON.stringify((error as ProtocolError).raw)).toContain('sk-proj-…tail');
    expect(JSON.stringify(events)).not.toContain(apiKey);
  });

  it('masks secrets in raw events (a client_secret field whole, a key inside any string)', async () => {
    const { session, feed } = await connectScripted(agent);
    const raws: unknown[] = [];
    session.on('raw', (e) => raws.push(e.event));
    feed([
      {
        type: 'session.updated',
        event_id: 'e2',
        session: { type: 'realtime', client_secret: { value: ephemeral }, instructions: `use ${apiKey}` },
      },
    ]);
    const text = JSON.stringify(raws);
    expect(raws).toHaveLength(1);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(ephemeral);
    expect(text).toContain('ek_…last');
  });

  it('masks a key in a transport error and its cause chain, keeping the class and code', async () => {
    const { transport, of } = await connectScripted(agent, { reconnect: false });
    const cause = new Error(`handshake with ${ephemeral} refused`);
    transport.setState(
      'disconnected',
      new TransportError('connection_lost', `lost (key ${apiKey})`, { cause }),
    );
    const { error } = of('error')[0] as { error: Error };
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('connection_lost');
    expect(error.message).toBe('lost (key sk-proj-…tail)');
    expect((error.cause as Error).message).toBe('handshake with ek_…last refused');
    const connection = of('connection').find((e) => e.error);
    expect(connection?.error?.message).not.toContain(apiKey);
  });
});

describe('a failed connect', () => {
  it('rejects with the key masked', async () => {
    const transport = new ScriptedTransport();
    transport.connect = async () => {
      throw new TransportError('unauthorized', `Incorrect API key provided: ${apiKey}`);
    };
    const err = await new RealtimeRunner({ transport }).session(agent).catch((e: Error) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('unauthorized');
    expect((err as Error).message).toBe('Incorrect API key provided: sk-proj-…tail');
  });
});
