// The ported app on Realtime Agents: the same concierge as theirs.ts (weather tool, a table booking
// that waits for the user's approval, a handoff to a Spanish-speaking agent, an output guardrail),
// over WebRTC.
import {
  outputGuardrail,
  RealtimeAgent,
  RealtimeRunner,
  type RealtimeSession,
  realtimeHandoff,
  tool,
} from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';
import { z } from 'zod';
import { baseUrl, clientSecret, ui } from './ui.js';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny in ${city}, 22C`,
});

const bookTable = tool({
  name: 'book_table',
  description: 'Book a table at a restaurant',
  parameters: z.object({ restaurant_name: z.string(), people: z.number().int().min(1) }),
  needsApproval: true,
  execute: async ({ restaurant_name, people }) => `Booked ${restaurant_name} for ${people}`,
});

const spanish = new RealtimeAgent({
  name: 'Spanish',
  handoffDescription: 'Speaks Spanish',
  instructions: 'Respond only in Spanish.',
  tools: [getWeather],
});

const concierge = new RealtimeAgent({
  name: 'Concierge',
  instructions: 'You are a helpful concierge. Be brief.',
  tools: [getWeather, bookTable],
  handoffs: [realtimeHandoff(spanish)],
});

const runner = new RealtimeRunner({
  baseUrl,
  model: 'gpt-realtime',
  transport: webrtcTransport({ clientSecret }),
  guardrails: {
    outputGuardrails: [
      outputGuardrail({
        name: 'no_passwords',
        execute: (_ctx, _agent, output) => ({
          tripwireTriggered: /password/i.test(output),
          policyHint: 'Never say a password out loud.',
        }),
      }),
    ],
  },
});

let session: RealtimeSession | undefined;

async function connect(): Promise<void> {
  session = await runner.session(concierge);
  ui.status('connected');
  for await (const e of session) {
    if (e.type === 'transcript') ui.message(e.itemId, e.role, e.text, e.final);
    else if (e.type === 'tool_start') ui.toolCall(e.callId, e.toolName, e.arguments);
    else if (e.type === 'tool_end') ui.toolCall(e.callId, e.toolName, undefined, String(e.output));
    else if (e.type === 'handoff') {
      ui.handoff(e.from.name, e.to.name);
      ui.agent(e.to.name);
    } else if (e.type === 'tool_approval_requested') {
      const { callId } = e;
      ui.approval(callId, e.toolName, e.arguments, (approved) =>
        approved ? session?.approveTool(callId) : session?.rejectTool(callId),
      );
    } else if (e.type === 'guardrail_tripped') ui.guardrail(e.guardrail, e.output);
    else if (e.type === 'connection') ui.status(e.state);
    else if (e.type === 'error') ui.error(e.error.message);
  }
  ui.status('closed');
}

ui.agent(concierge.name);
ui.controls({
  connect,
  send: (text) => void session?.sendText(text),
  interrupt: () => session?.interrupt(),
  close: () => session?.close(),
});
