import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RealtimeAgent } from './agent.js';
import { realtimeHandoff } from './handoff.js';
import { connectScripted } from './testing/connect-scripted.js';
import { pcm16ToBase64 } from './testing/server-script.js';
import { tool } from './tool.js';

const menu = tool({ name: 'get_menu', description: '', parameters: z.object({}), execute: () => 'tapas' });
const spanish = new RealtimeAgent({ name: 'Spanish', instructions: 'Respond in Spanish', tools: [menu] });

describe('handoffs', () => {
  it('session.update with the new agent, output {"assistant": name}, response.create, handoff event', async () => {
    let hooked = 0;
    const english = new RealtimeAgent({
      name: 'English',
      instructions: 'Help in English.',
      handoffs: [
        realtimeHandoff(spanish, {
          onHandoff: () => {
            hooked++;
          },
        }),
      ],
    });
    const { session, transport, script, feed, settle, of } = await connectScripted(english, {
      voice: 'marin',
    });
    const r = script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]);
    feed(r.events);
    await settle();
    expect(hooked).toBe(1);
    const types = transport.sent.map((e) => e.type);
    expect(types).toEqual(['session.update', 'conversation.item.create', 'response.create']);
    expect(transport.sentOf('session.update')[0]?.session).toMatchObject({
      instructions: 'Respond in Spanish',
      tools: [{ name: 'get_menu' }],
    });
    expect(transport.sentOf('conversation.item.create')[0]?.item).toEqual({
      type: 'function_call_output',
      call_id: r.callIds[0],
      output: '{"assistant":"Spanish"}',
    });
    expect(of('handoff')[0]).toMatchObject({ from: english, to: spanish });
    expect(session.currentAgent).toBe(spanish);
  });

  it('keeps the voice before any audio was produced', async () => {
    const es = new RealtimeAgent({ name: 'ES', voice: 'cedar' });
    const en = new RealtimeAgent({ name: 'EN', handoffs: [es] });
    const { transport, script, feed, settle } = await connectScripted(en, { voice: 'marin' });
    feed(script.functionCalls([{ name: 'transfer_to_es', arguments: '{}' }]).events);
    await settle();
    expect(transport.sentOf('session.update')[0]?.session.audio?.output?.voice).toBe('cedar');
  });

  it('never re-sends a voice after audio was produced, and keeps G.711 formats', async () => {
    const es = new RealtimeAgent({ name: 'ES', voice: 'cedar' });
    const en = new RealtimeAgent({ name: 'EN', handoffs: [es] });
    const { transport, script, feed, settle } = await connectScripted(en, {
      voice: 'marin',
      inputAudioFormat: 'g711_ulaw',
      outputAudioFormat: 'g711_ulaw',
    });
    feed(script.spoken('hello', { audio: [pcm16ToBase64(new Int16Array(480))] }).events);
    feed(script.functionCalls([{ name: 'transfer_to_es', arguments: '{}' }]).events);
    await settle();
    const s = transport.sentOf('session.update')[0]?.session;
    expect(s?.audio?.output).toEqual({ format: { type: 'audio/pcmu' } });
    expect(s?.audio?.input?.format).toEqual({ type: 'audio/pcmu' });
  });

  it('counts audio as produced on WebRTC (no deltas) from the audio content part', async () => {
    const es = new RealtimeAgent({ name: 'ES', voice: 'cedar' });
    const en = new RealtimeAgent({ name: 'EN', handoffs: [es] });
    const { transport, script, feed, settle } = await connectScripted(
      en,
      { voice: 'marin' },
      { serverManagedAudio: true },
    );
    feed(script.spoken('hola').events);
    feed(script.functionCalls([{ name: 'transfer_to_es', arguments: '{}' }]).events);
    await settle();
    expect(transport.sentOf('session.update')[0]?.session.audio?.output?.voice).toBeUndefined();
  });

  it('handoff then tool call: the new agent’s tool runs', async () => {
    const en = new RealtimeAgent({ name: 'EN', handoffs: [spanish] });
    const { transport, script, feed, settle, of } = await connectScripted(en);
    feed(script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]).events);
    await settle();
    feed(script.functionCalls([{ name: 'get_menu', arguments: '{}' }]).events);
    await settle();
    const outs = transport
      .sentOf('conversation.item.create')
      .map((e) => (e.item as { output?: string }).output);
    expect(outs).toEqual(['{"assistant":"Spanish"}', 'tapas']);
    expect(of('tool_end')[0]).toMatchObject({ toolName: 'get_menu', agent: spanish, ok: true });
    expect(transport.sentOf('response.create')).toHaveLength(2);
  });

  it('a throwing onHandoff is reported and the handoff still happens', async () => {
    const en = new RealtimeAgent({
      name: 'EN',
      handoffs: [
        realtimeHandoff(spanish, {
          onHandoff: () => {
            throw new Error('hook');
          },
        }),
      ],
    });
    const { session, script, feed, settle, of } = await connectScripted(en);
    feed(script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]).events);
    await settle();
    expect(of('error')[0]?.error.message).toContain('hook');
    expect(session.currentAgent).toBe(spanish);
  });

  it('agent_start after a handoff names the new agent', async () => {
    const en = new RealtimeAgent({ name: 'EN', handoffs: [spanish] });
    const { script, feed, settle, of } = await connectScripted(en);
    feed(script.functionCalls([{ name: 'transfer_to_spanish', arguments: '{}' }]).events);
    await settle();
    feed(script.spoken('¡Hola!').events);
    expect(of('agent_start').map((e) => e.agent.name)).toEqual(['EN', 'Spanish']);
  });
});
