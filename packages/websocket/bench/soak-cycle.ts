/**
 * One soak cycle, the same in Node (soak.bench.ts) and in Chromium (webrtc/bench/soak-page.ts):
 * `runner.session(agent)` → a text turn (every 4th asks for the weather, so the tool runs) → wait for
 * the answer → `session.close()`, timed. Imports only core, so both bundles can take it.
 * @module
 */
import { RealtimeAgent, type RealtimeRunner, type RealtimeSession, tool } from '@realtime-agents/core';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}, 72F`,
});

/** The soak's agent: brief, with one tool. */
export const soakAgent = new RealtimeAgent({ name: 'Soak', instructions: 'Be brief.', tools: [getWeather] });

/** Resolve with the first `agent_end` whose output passes `pred`; reject after `timeoutMs`. */
export function agentEnd(session: RealtimeSession, pred: (output: string) => boolean, timeoutMs = 15_000) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no agent_end in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = session.on('agent_end', (e) => {
      if (!pred(String(e.output))) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** Times of one cycle in ms, and the `error` events it saw. */
export interface CycleTimes {
  connect: number;
  turn: number;
  close: number;
  errors: number;
}

/**
 * One connect → turn → close cycle on `runner`; `withTool` asks for the weather and waits for the
 * tool's answer.
 * @example const t = await soakCycle(runner, i % 4 === 0); times.turn.push(t.turn);
 */
export async function soakCycle(runner: RealtimeRunner, withTool: boolean): Promise<CycleTimes> {
  const t0 = performance.now();
  const session = await runner.session(soakAgent);
  const t1 = performance.now();
  let errors = 0;
  session.on('error', () => {
    errors++;
  });
  const done = agentEnd(session, (out) => !withTool || out.includes('Sunny in Paris'));
  await session.sendText(withTool ? "What's the weather in Paris?" : 'Hello there, how are you?');
  await done;
  const t2 = performance.now();
  session.close();
  const t3 = performance.now();
  return { connect: t1 - t0, turn: t2 - t1, close: t3 - t2, errors };
}
