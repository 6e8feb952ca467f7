import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { TransportError } from './errors.js';
import type { SessionEvent } from './events.js';
import { fallbackTransport, isNetworkFailure } from './fallback-transport.js';
import { RealtimeRunner } from './runner.js';
import { ScriptedTransport } from './testing/scripted-transport.js';

const agent = new RealtimeAgent({ name: 'A', instructions: 'Be brief.' });
const fast = { nextDelayMs: ({ attempt }: { attempt: number }) => (attempt <= 3 ? 1 : null) };
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

function pair(firstError?: Error) {
  const first = new ScriptedTransport({
    serverManagedAudio: true,
    ...(firstError && { connectError: firstError }),
  });
  const second = new ScriptedTransport();
  const fallbacks: Error[] = [];
  const transport = fallbackTransport(first, second, { onFallback: (e) => fallbacks.push(e) });
  return { first, second, transport, fallbacks };
}

describe('fallbackTransport', () => {
  it('uses the first transport when it connects', async () => {
    const { first, second, transport, fallbacks } = pair();
    const session = await new RealtimeRunner({ transport }).session(agent);
    expect(transport.active).toBe(first);
    expect(transport.serverManagedAudio).toBe(true);
    await session.sendText('hi');
    expect(first.sent.some((e) => e.type === 'conversation.item.create')).toBe(true);
    expect(second.connects).toBe(0);
    expect(fallbacks).toEqual([]);
    session.close();
  });

  it('ICE failed on the first: connects with the second, says so once, and the session works there', async () => {
    const ice = new TransportError(
      'ice_failed',
      'The WebRTC connection failed while connecting (ICE failed).',
    );
    const { first, second, transport, fallbacks } = pair(ice);
    const session = await new RealtimeRunner({ transport }).session(agent);
    const events: SessionEvent[] = [];
    session.on('*', (e) => events.push(e));
    expect(fallbacks).toEqual([ice]);
    expect(transport.active).toBe(second);
    expect(transport.name).toBe('scripted');
    expect(transport.serverManagedAudio).toBe(false);
    expect(first.closed).toBe(true);
    await session.sendText('hi');
    expect(second.sent.some((e) => e.type === 'conversation.item.create')).toBe(true);
    expect(events.filter((e) => e.type === 'connection' && e.state === 'closed')).toEqual([]);
    session.close();
  });

  it('a reconnect after the fallback stays on the second transport', async () => {
    const { first, second, transport } = pair(new TransportError('connect_timeout', 'timed out'));
    const session = await new RealtimeRunner({ transport, reconnect: fast }).session(agent);
    second.drop();
    await tick();
    expect(second.connects).toBe(2);
    expect(first.connects).toBe(1);
    expect(session.closed).toBe(false);
    session.close();
  });

  it('a refused key is not a network failure: the error reaches the caller, the second is never tried', async () => {
    const denied = new TransportError('unauthorized', 'Incorrect API key provided.');
    const { second, transport, fallbacks } = pair(denied);
    await expect(new RealtimeRunner({ transport }).session(agent)).rejects.toThrow(/Incorrect API key/);
    expect(second.connects).toBe(0);
    expect(fallbacks).toEqual([]);
  });

  it('later sessions stay on the second; reset() makes the first the choice again', async () => {
    const first = new ScriptedTransport();
    first.refuseNext.push(new TransportError('http_503', 'Service unavailable'));
    const second = new ScriptedTransport();
    const transport = fallbackTransport(first, second);
    const s1 = await new RealtimeRunner({ transport }).session(agent);
    expect(transport.active).toBe(second);
    s1.close();
    const s2 = await new RealtimeRunner({ transport }).session(agent);
    expect(transport.active).toBe(second);
    expect(first.connects).toBe(1);
    s2.close();
    transport.reset();
    const s3 = await new RealtimeRunner({ transport }).session(agent);
    expect(transport.active).toBe(first);
    expect(first.connects).toBe(2);
    s3.close();
  });

  it('isNetworkFailure: ICE, timeouts, unreachable and 5xx yes; 4xx, keys and plain errors no', () => {
    const e = (code: string) => new TransportError(code, code);
    expect(
      ['ice_failed', 'connect_timeout', 'network', 'http_500', 'http_503'].map((c) => isNetworkFailure(e(c))),
    ).toEqual([true, true, true, true, true]);
    expect(['http_400', 'http_401', 'unauthorized', 'closed'].map((c) => isNetworkFailure(e(c)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(isNetworkFailure(new Error('boom'))).toBe(false);
  });
});
