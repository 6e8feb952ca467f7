// Runs the official @openai/agents-realtime client against an emulator URL (argv[2]) in a plain
// Node process and prints one JSON line with what it saw. Used by src/agents-realtime.test.ts
// (vitest's `source` resolve condition breaks the SDK's MCP dependency when loaded in-process).
import { RealtimeAgent, RealtimeSession, tool } from '@openai/agents-realtime';
import { z } from 'zod';
import { text, until } from './client-support.mjs';

const url = process.argv[2];
const apiKey = process.argv[3] ?? 'sk-test';

const calls = [];
const getWeather = tool({
  name: 'get_weather',
  description: 'Get the current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    calls.push(city);
    return `Sunny in ${city}, 22C`;
  },
});
const spanish = new RealtimeAgent({
  name: 'Spanish',
  instructions: 'Respond only in Spanish.',
  handoffDescription: 'Speaks Spanish',
});
const agent = new RealtimeAgent({
  name: 'Greeter',
  instructions: 'Be helpful.',
  tools: [getWeather],
  handoffs: [spanish],
});
const session = new RealtimeSession(agent, { transport: 'websocket', model: 'gpt-realtime' });
const errors = [];
const handoffs = [];
let audioBytes = 0;
session.on('error', (e) => errors.push(String(e?.error?.message ?? e?.error ?? e)));
session.on('agent_handoff', (_ctx, _from, to) => handoffs.push(to.name));
session.on('audio', (e) => {
  audioBytes += e.data.byteLength;
});
const out = { ok: false };
try {
  await session.connect({ apiKey, url });
  const assistantDone = (needle) =>
    session.history.some(
      (i) =>
        i.type === 'message' &&
        i.role === 'assistant' &&
        i.status === 'completed' &&
        text(i).includes(needle),
    );
  session.sendMessage('Hello there');
  await until(() => assistantDone('You said'));
  session.sendMessage('What is the weather in Paris?');
  await until(() => assistantDone('Sunny in Paris'));
  session.sendMessage('Can I talk to someone in Spanish?');
  await until(() => assistantDone('Hola'));
  // A spoken turn: 1.2 s of voiced audio then silence, in 20 ms chunks, through server (semantic) VAD.
  if (process.argv.includes('--audio')) {
    const speech = new Int16Array(24000 * 1.2).map((_, i) =>
      Math.round(
        6000 *
          Math.sin((2 * Math.PI * 150 * i) / 24000) *
          (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / 24000) ** 2),
      ),
    );
    const all = new Int16Array(speech.length + 24000 * 1.5);
    all.set(speech);
    for (let i = 0; i < all.length; i += 480) {
      session.sendAudio(all.slice(i, i + 480).buffer);
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => assistantDone("can't tell what you said"));
    await until(() =>
      session.history.some((i) => i.type === 'message' && i.role === 'user' && text(i).startsWith('[speech')),
    );
  }
  out.ok = true;
} catch (e) {
  out.failure = String(e?.message ?? e);
}
out.history = session.history.map((i) =>
  i.type === 'message'
    ? `${i.role}:${text(i)}`
    : i.type === 'function_call'
      ? `call:${i.name}:${i.output ?? ''}`
      : i.type,
);
out.calls = calls;
out.handoffs = handoffs;
out.currentAgent = session.currentAgent.name;
out.errors = errors;
out.audioBytes = audioBytes;
session.close();
console.log(JSON.stringify(out));
process.exit(0);
