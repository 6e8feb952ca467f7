// The reconnect code still loading when the session has connected: the session waits for it a
// little (so a drop is normally handled at once), never for good; a drop that comes before the
// code waits for it, then reconnects as usual.
import { describe, expect, it, vi } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { connectScripted } from './testing/connect-scripted.js';

const gate = vi.hoisted(() => {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { opened, open: () => open() };
});

vi.mock('./reconnector.js', async (importOriginal) => {
  await gate.opened;
  return importOriginal();
});

const fast = { nextDelayMs: ({ attempt }: { attempt: number }) => (attempt <= 3 ? 1 : null) };
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('reconnect code that loads slowly', () => {
  const agent = new RealtimeAgent({ name: 'Greeter', instructions: 'Be brief.' });

  it('connect waits for it at most 2 s; a drop before it arrives waits for it, then reconnects', async () => {
    const started = Date.now();
    const { session, transport, of } = await connectScripted(agent, { reconnect: fast });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(5000);

    transport.drop();
    await tick(20);
    expect(session.closed).toBe(false);
    expect(transport.connects).toBe(1);

    gate.open(); // the real module loads now (vitest transforms it first: not instant)
    await vi.waitFor(() => expect(of('connection').at(-1)).toMatchObject({ resumed: true }), 3000);
    expect(transport.connects).toBe(2);
    const states = of('connection').map((e) => (e.resumed ? 'resumed' : e.state));
    expect(states).toEqual(['disconnected', 'reconnecting', 'resumed']);
    expect(of('error')).toHaveLength(0);
    await session.sendText('Still there?');
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });
});
