import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { ConfigError } from './errors.js';
import { PREPARE_IDLE_TIMEOUT_MS } from './prepare.js';
import { RealtimeRunner } from './runner.js';
import { ScriptedTransport } from './testing/scripted-transport.js';
import { tool } from './tool.js';
import type { TransportPrepareOptions } from './transport.js';

/** A scripted transport that records what `prepare` received. */
class PreparingTransport extends ScriptedTransport {
  prepared: TransportPrepareOptions[] = [];
  prepare(options: TransportPrepareOptions): Promise<void> {
    this.prepared.push(options);
    return Promise.resolve();
  }
}

const weather = tool({
  name: 'get_weather',
  description: 'Weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => city,
});
const hidden = tool({
  name: 'admin',
  description: 'Only for admins',
  parameters: z.object({}),
  isEnabled: (ctx) => (ctx.context as { admin: boolean }).admin,
  execute: () => 'ok',
});

describe('runner.prepare()', () => {
  it('hands the transport the very session config connect will send (dynamic instructions, isEnabled, voice)', async () => {
    const transport = new PreparingTransport();
    const agent = new RealtimeAgent({
      name: 'A',
      instructions: (ctx) => `Greet ${(ctx.context as { name: string }).name}.`,
      tools: [weather, hidden],
    });
    const runner = new RealtimeRunner({ transport, voice: 'marin', baseUrl: 'http://x/v1' });
    const context = { admin: false, name: 'Ada' };
    await runner.prepare(agent, { context, idleTimeoutMs: 5000 });
    const session = await runner.session(agent, { context });
    expect(transport.prepared).toHaveLength(1);
    const p = transport.prepared[0]!;
    expect(p.session).toEqual(transport.connectOptions!.session);
    expect(JSON.stringify(p.session)).toBe(JSON.stringify(transport.connectOptions!.session));
    expect(p.session?.instructions).toBe('Greet Ada.');
    expect(p.session?.tools?.map((t) => (t as { name: string }).name)).toEqual(['get_weather']);
    expect(p).toMatchObject({ model: 'gpt-realtime', baseUrl: 'http://x/v1', idleTimeoutMs: 5000 });
    session.close();
  });

  it('without an agent: no session config; the default idle timeout is one minute', async () => {
    const transport = new PreparingTransport();
    await new RealtimeRunner({ transport }).prepare();
    expect(transport.prepared[0]!.session).toBeUndefined();
    expect(transport.prepared[0]!.idleTimeoutMs).toBe(PREPARE_IDLE_TIMEOUT_MS);
    expect(PREPARE_IDLE_TIMEOUT_MS).toBe(60_000);
  });

  it('resolves at once for a transport without prepare; refuses a bad idleTimeoutMs and a missing transport', async () => {
    const agent = new RealtimeAgent({ name: 'A' });
    await expect(
      new RealtimeRunner({ transport: new ScriptedTransport() }).prepare(agent),
    ).resolves.toBeUndefined();
    await expect(
      new RealtimeRunner({ transport: new ScriptedTransport() }).prepare(agent, { idleTimeoutMs: 0 }),
    ).rejects.toThrow(/idleTimeoutMs must be in \(0, 3600000\] ms, got 0/);
    await expect(new RealtimeRunner().prepare(agent)).rejects.toBeInstanceOf(ConfigError);
  });

  it('a failure rejects the returned promise but never goes unhandled when not awaited', async () => {
    const transport = new PreparingTransport();
    transport.prepare = () => Promise.reject(new Error(`boom sk-${'x'.repeat(30)}`));
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const runner = new RealtimeRunner({ transport });
      void runner.prepare(new RealtimeAgent({ name: 'A' }));
      const err = await runner.prepare(new RealtimeAgent({ name: 'A' })).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^boom sk-…/); // redacted
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
