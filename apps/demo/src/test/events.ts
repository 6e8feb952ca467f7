// Synthetic session events for the UI tests (shapes from @realtime-agents/core's events.ts).
import { type MetricsEvent, RealtimeAgent, type SessionEvent } from '@realtime-agents/core';

export const greeter = new RealtimeAgent({ name: 'Greeter', instructions: 'Greet.' });
export const spanish = new RealtimeAgent({ name: 'Spanish', instructions: 'Spanish.' });

/** A partial transcript; assistant ones carry the response they belong to (as the session's do). */
export const partial = (
  role: 'user' | 'assistant',
  itemId: string,
  text: string,
  delta = text,
  responseId = 'resp_1',
): SessionEvent => ({
  type: 'transcript',
  role,
  itemId,
  text,
  delta,
  final: false,
  ...(role === 'assistant' && { responseId }),
});
export const final = (
  role: 'user' | 'assistant',
  itemId: string,
  text: string,
  responseId = 'resp_1',
): SessionEvent => ({
  type: 'transcript',
  role,
  itemId,
  text,
  delta: text,
  final: true,
  ...(role === 'assistant' && { responseId }),
});
/** A guardrail trip on `responseId`. */
export const tripped = (responseId: string, retrying = true): SessionEvent => ({
  type: 'guardrail_tripped',
  guardrail: 'no_pineapple',
  agent: greeter,
  responseId,
  output: 'You said pineapple',
  outputInfo: null,
  retrying,
});
export const agentStart = (responseId: string, agent = greeter): SessionEvent => ({
  type: 'agent_start',
  agent,
  responseId,
});
export const metrics = (
  responseId: string,
  speech: number | null,
  response: number | null,
): MetricsEvent => ({
  type: 'metrics',
  responseId,
  speechEndToFirstAudioMs: speech,
  responseToFirstAudioMs: response,
});

/** A detached container with the markup a view expects. */
export function mount(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.append(root);
  return root;
}
