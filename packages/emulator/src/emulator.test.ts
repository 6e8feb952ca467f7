import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './emulator.js';
import { TestClient } from './test-support.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' } });
});
afterAll(async () => {
  await emu.close();
});

describe('text turn over WebSocket', () => {
  it('streams the GA sequence for a text turn with audio out', async () => {
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime`);
    const created = await c.waitFor('session.created');
    expect(created.session.model).toBe('gpt-realtime');
    c.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'What is the capital of Norway?' }],
      },
    });
    c.send({ type: 'response.create' });
    const done = await c.waitFor('response.done');
    expect(done.response.status).toBe('completed');
    const types = c.types().filter((t) => !t.endsWith('.delta'));
    expect(types).toEqual([
      'session.created',
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    expect(c.types()).toContain('response.output_audio.delta');
    expect(done.response.output[0].content[0].transcript).toBe('You said: "What is the capital of Norway?".');
    await c.close();
  });
});
