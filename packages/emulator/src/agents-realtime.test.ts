/**
 * Acceptance: the official `@openai/agents-realtime` client (a client we did not write) runs a
 * conversation against the emulator over WebSocket in Node: text turn, tool call, handoff, history.
 * The client runs in a plain Node child process (see test/agents-realtime-client.mjs).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChildReport } from './child-report.js';
import { type Emulator, startEmulator } from './emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' } });
});
afterAll(async () => {
  await emu.close();
});

const script = fileURLToPath(new URL('../test/agents-realtime-client.mjs', import.meta.url));

const runClient = (url: string) => runChildReport(script, [url, 'sk-test', '--audio'], 30_000);

describe('@openai/agents-realtime over WebSocket', () => {
  it('runs a text turn, a tool call and a handoff with correct history', async () => {
    const out = await runClient(`${emu.wsUrl}?model=gpt-realtime`);
    expect(out.failure).toBeUndefined();
    expect(out.errors).toEqual([]);
    expect(out.calls).toEqual(['Paris']);
    expect(out.handoffs).toEqual(['Spanish']);
    expect(out.currentAgent).toBe('Spanish');
    expect(out.audioBytes).toBeGreaterThan(48_000);
    expect(out.history).toEqual([
      'user:Hello there',
      'assistant:You said: "Hello there".',
      'user:What is the weather in Paris?',
      'call:get_weather:Sunny in Paris, 22C',
      'assistant:Here is what get_weather returned: Sunny in Paris, 22C',
      'user:Can I talk to someone in Spanish?',
      'call:transfer_to_Spanish:{"assistant":"Spanish"}',
      'assistant:¡Hola! Soy Spanish. ¿En qué puedo ayudarte?',
      'user:[speech 1.9 s]',
      "assistant:I heard you speak, but this emulator has no transcriber, so I can't tell what you said.",
    ]);
  }, 40_000);
});
