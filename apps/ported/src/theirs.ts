// The ported app on @openai/agents-realtime 0.20: a concierge with a weather tool, a table booking
// that waits for the user's approval, a handoff to a Spanish-speaking agent and an output
// guardrail, over WebRTC. ours.ts is the same app on Realtime Agents.
import { RealtimeAgent, type RealtimeItem, RealtimeSession, tool } from '@openai/agents-realtime';
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
  handoffs: [spanish],
});

const session = new RealtimeSession(concierge, {
  transport: 'webrtc',
  model: 'gpt-realtime',
  outputGuardrails: [
    {
      name: 'no_passwords',
      policyHint: 'Never say a password out loud.',
      execute: async ({ agentOutput }) => ({
        tripwireTriggered: /password/i.test(agentOutput),
        outputInfo: {},
      }),
    },
  ],
});

const text = (item: RealtimeItem) =>
  item.type === 'message'
    ? item.content.map((c) => ('text' in c ? c.text : 'transcript' in c ? (c.transcript ?? '') : '')).join('')
    : '';

// The history holds finished messages; the answer's partial transcript comes from the transport.
session.on('history_updated', (history) => {
  for (const item of history)
    if (item.type === 'message' && item.role !== 'system' && item.status !== 'in_progress')
      ui.message(item.itemId, item.role, text(item), true);
});
const partials = new Map<string, string>();
session.transport.on('audio_transcript_delta', ({ itemId, delta }) => {
  partials.set(itemId, (partials.get(itemId) ?? '') + delta);
  ui.message(itemId, 'assistant', partials.get(itemId)!, false);
});
session.on('agent_tool_start', (_ctx, _agent, tool, { toolCall }) => {
  if (toolCall.type === 'function_call') ui.toolCall(toolCall.callId, tool.name, toolCall.arguments);
});
session.on('agent_tool_end', (_ctx, _agent, tool, result, { toolCall }) => {
  if (toolCall.type === 'function_call') ui.toolCall(toolCall.callId, tool.name, toolCall.arguments, result);
});
session.on('agent_handoff', (_ctx, from, to) => {
  ui.handoff(from.name, to.name);
  ui.agent(to.name);
});
session.on('tool_approval_requested', (_ctx, _agent, request) => {
  const { approvalItem } = request;
  const call = approvalItem.rawItem;
  if (call.type !== 'function_call') return;
  ui.approval(call.callId, call.name, call.arguments, (approved) =>
    approved ? session.approve(approvalItem) : session.reject(approvalItem),
  );
});
session.on('guardrail_tripped', (_ctx, _agent, error) => {
  ui.guardrail(error.result.guardrail.name, String(error.result.agentOutput));
});
session.on('error', (e) => ui.error(String((e.error as Error)?.message ?? JSON.stringify(e.error))));
session.transport.on('connection_change', (status) => ui.status(status));

ui.agent(concierge.name);
ui.controls({
  connect: () => session.connect({ apiKey: clientSecret, url: `${baseUrl}/realtime/calls` }),
  send: (text) => session.sendMessage(text),
  interrupt: () => session.interrupt(),
  close: () => session.close(),
});
