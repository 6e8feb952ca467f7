// The reconnect code is a chunk loaded as the session connects. If it cannot be loaded (a deploy
// replaced it, the network failed), connecting still works and a drop ends the session with an error
// naming the cause: no hang, no unhandled rejection.
import { describe, expect, it, vi } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { TransportError } from './errors.js';
import { connectScripted } from './testing/connect-scripted.js';

vi.mock('./reconnector.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module: /assets/reconnector-X1.js');
});

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('reconnect code that failed to load', () => {
  const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Be brief.' });

  it('connects as usual; a drop then ends the session with a TransportError naming the cause', async () => {
    const { session, transport, of } = await connectScripted(agent);
    expect(session.closed).toBe(false);
    await session.sendText('Hello');
    expect(transport.sentOf('response.create')).toHaveLength(1);

    const reason = new TransportError('connection_lost', 'The network dropped the connection');
    transport.drop(reason);
    await tick();

    expect(session.closed).toBe(true);
    expect(transport.connects).toBe(1);
    const error = of('error').at(-1)?.error as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('reconnect_unavailable');
    expect(error.message).toMatch(/The network dropped the connection/);
    // the cause is the import's rejection (vitest wraps the mock's TypeError in its own error)
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain(`loading the reconnect code failed: ${(error.cause as Error).message}`);
    const states = of('connection').map((e) => e.state);
    expect(states).toEqual(['disconnected', 'failed', 'closed']);
    expect(of('connection')[0]!.error).toBe(reason);
  });

  it('a session_expired error is the user’s to see (no rollover without the code), then the drop ends it', async () => {
    const { session, transport, of, feed } = await connectScripted(agent);
    feed([
      {
        type: 'error',
        event_id: 'e1',
        error: {
          type: 'invalid_request_error',
          code: 'session_expired',
          message: 'Your session hit the maximum duration of 60 minutes.',
        },
      },
    ] as never);
    expect(of('error').at(-1)?.error).toMatchObject({ code: 'session_expired' });
    transport.drop();
    await tick();
    expect(session.closed).toBe(true);
    expect(of('error').at(-1)?.error).toMatchObject({ code: 'reconnect_unavailable' });
  });

  it('reconnect: false never needs the code: a drop ends the session as it always did', async () => {
    const { session, transport, of } = await connectScripted(agent, { reconnect: false });
    transport.drop();
    await tick();
    expect(session.closed).toBe(true);
    expect(of('error').map((e) => (e.error as TransportError).code)).toEqual(['connection_lost']);
    expect(of('connection').map((e) => e.state)).toEqual(['disconnected', 'closed']);
  });
});
