/** Bad input never crashes the engine: random field values for every client event type. */
import { CLIENT_EVENT_TYPES } from '@realtime-agents/core/protocol';
import { describe, expect, it } from 'vitest';
import { createDefaultBrain } from '../brain/default-brain.js';
import { createSynthesizer } from '../speech/synthesizer.js';
import { EngineSessionImpl } from './session.js';

const VALUES: unknown[] = [
  null,
  0,
  -1,
  Number.POSITIVE_INFINITY,
  '',
  'x'.repeat(600),
  '!!!not base64',
  [],
  [null],
  [{}],
  {},
  { type: 'message' },
  { type: 'message', role: 'user', content: 'str' },
  { type: 'message', role: 'user', content: [{ type: 'input_text' }] },
  { type: 'message', role: 'user', content: [{ type: 'input_audio', audio: 42 }] },
  { type: 'function_call_output', call_id: 7 },
  { type: 'realtime', audio: 'x' },
  { type: 'realtime', tools: [{ type: 'function' }] },
  { type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', threshold: 'high' } } } },
  { output_modalities: ['audio', 'text'] },
  { input: [{ type: 'message', content: 'x' }], conversation: 'none' },
  { input: [{ type: 'item_reference' }] },
  { metadata: { k: 1 } },
  true,
];
const FIELDS = [
  'session',
  'audio',
  'item',
  'item_id',
  'content_index',
  'audio_end_ms',
  'response',
  'response_id',
  'previous_item_id',
];

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('engine robustness', () => {
  it('answers every malformed event with an error or a reply and keeps working', async () => {
    const session = new EngineSessionImpl({
      kind: 'websocket',
      brain: createDefaultBrain(),
      synth: createSynthesizer({ engine: 'formant' }),
      streamIntervalMs: 0,
    });
    const out: Array<{ type: string; error?: { message: string } }> = [];
    session.addListener((j) => out.push(JSON.parse(j)));
    session.start();
    const rand = rng(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    for (let i = 0; i < 600; i++) {
      const event: Record<string, unknown> = {
        type: pick([...CLIENT_EVENT_TYPES, 'bogus']),
        event_id: `e${i}`,
      };
      for (let f = 0; f < 2; f++) event[pick(FIELDS)] = pick(VALUES);
      session.receive(rand() < 0.05 ? JSON.stringify(event).slice(0, 20) : JSON.stringify(event));
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 300));
    const serverErrors = out.filter(
      (e) => e.type === 'error' && e.error?.message.startsWith('Emulator error'),
    );
    expect(serverErrors).toEqual([]);
    expect(out.filter((e) => e.type === 'error').length).toBeGreaterThan(300);
    // Still alive: a valid turn gets a full response.
    const failures = out.filter(
      (e) => e.type === 'response.done' && JSON.stringify(e).includes('Emulator failure'),
    );
    expect(failures).toEqual([]);
    {
      session.receive(JSON.stringify({ type: 'response.cancel' }));
      await new Promise((r) => setTimeout(r, 50));
      session.receive(
        JSON.stringify({
          type: 'conversation.item.create',
          item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'still ok?' }] },
        }),
      );
      session.receive(JSON.stringify({ type: 'response.create', response: { output_modalities: ['text'] } }));
      const start = Date.now();
      while (
        !out.some((e) => e.type === 'response.done' && JSON.stringify(e).includes('still ok?')) &&
        Date.now() - start < 3000
      ) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(out.some((e) => e.type === 'response.done' && JSON.stringify(e).includes('still ok?'))).toBe(
        true,
      );
    }
    session.close();
  });
});
