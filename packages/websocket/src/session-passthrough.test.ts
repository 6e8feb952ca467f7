// The passthrough session fields (reasoning, truncation, prompt, tracing, include, providerData) sent
// by a real session over the WebSocket and checked by the emulator as the API checks them.
import { RealtimeAgent, RealtimeRunner, realtimeHandoff } from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../test/node-helpers.js';
import { websocketTransport } from './index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
});

const runner = (options: ConstructorParameters<typeof RealtimeRunner>[0]) =>
  new RealtimeRunner({
    apiKey: 'sk-test',
    baseUrl: emu.baseUrl,
    transport: websocketTransport(),
    ...options,
  });

/** The emulator's effective session for the one live connection. */
function serverSession() {
  const live = [...emu.sessions.values()];
  expect(live).toHaveLength(1);
  return live[0]!.session as unknown as Record<string, unknown>;
}

describe('session passthrough fields over the emulator', () => {
  it('are sent snake_case and become the effective session; an agent prompt replaces the runner one', async () => {
    const spanish = new RealtimeAgent({
      name: 'Spanish',
      instructions: 'Respond only in Spanish.',
      prompt: { id: 'pmpt_spanish', variables: { formal: true } },
    });
    const greeter = new RealtimeAgent({ name: 'Greeter', handoffs: [realtimeHandoff(spanish)] });
    const session = await runner({
      model: 'gpt-realtime-2',
      reasoning: { effort: 'high' },
      truncation: { type: 'retention_ratio', retentionRatio: 0.8, tokenLimits: { postInstructions: 8000 } },
      prompt: { id: 'pmpt_main', version: '3', variables: { city: 'Oslo' } },
      tracing: { workflowName: 'support', groupId: 'g1', metadata: { tier: 'gold' } },
      include: ['item.input_audio_transcription.logprobs'],
      providerData: { parallel_tool_calls: false },
    }).session(greeter);
    const rec = record(session);
    expect(serverSession()).toMatchObject({
      model: 'gpt-realtime-2',
      reasoning: { effort: 'high' },
      truncation: {
        type: 'retention_ratio',
        retention_ratio: 0.8,
        token_limits: { post_instructions: 8000 },
      },
      prompt: { id: 'pmpt_main', version: '3', variables: { city: 'Oslo' } },
      tracing: { workflow_name: 'support', group_id: 'g1', metadata: { tier: 'gold' } },
      include: ['item.input_audio_transcription.logprobs'],
    });
    await session.updateAgent(spanish);
    await rec.waitFor(
      'raw',
      (e) =>
        (e.event as { type: string }).type === 'session.updated' &&
        serverSession().prompt !== null &&
        (serverSession().prompt as { id: string }).id === 'pmpt_spanish',
    );
    expect(serverSession().prompt).toEqual({ id: 'pmpt_spanish', variables: { formal: true } });
    expect(rec.errors()).toEqual([]);
    session.close();
  });

  it('reasoning on gpt-realtime: the server refuses the config and connect() says which parameter', async () => {
    const failing = runner({ reasoning: { effort: 'low' } }).session(new RealtimeAgent({ name: 'A' }));
    await expect(failing).rejects.toThrow(/session\.reasoning/);
    await expect.poll(() => emu.sessions.size).toBe(0);
  });

  it('sendMessage: text and an image in one user item are accepted and answered', async () => {
    const session = await runner({}).session(new RealtimeAgent({ name: 'A' }));
    const rec = record(session);
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    await session.sendMessage({ text: 'What is in this picture?', images: [png] });
    const end = await rec.waitFor('agent_end');
    expect(end.status).toBe('completed');
    const user = session.history.find((i) => (i as { role?: string }).role === 'user');
    expect(user).toMatchObject({ content: [{ type: 'input_text' }, { type: 'input_image' }] });
    expect(rec.errors()).toEqual([]);
    session.close();
    await expect.poll(() => emu.sessions.size).toBe(0);
  });

  it('defaults send none of them (the server keeps its own defaults)', async () => {
    const session = await runner({}).session(new RealtimeAgent({ name: 'A' }));
    expect(serverSession()).toMatchObject({ tracing: null, truncation: 'auto', prompt: null, include: null });
    expect(serverSession()).not.toHaveProperty('reasoning');
    session.close();
    await expect.poll(() => emu.sessions.size).toBe(0);
  });
});
