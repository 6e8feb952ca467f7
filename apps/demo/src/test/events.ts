// Synthetic session events for the UI tests (shapes from @realtime-agents/core's events.ts).
import { type MetricsEvent, RealtimeAgent, type SessionEvent } from '@realtime-agents/core';

export const greeter = new RealtimeAgent({ name: 'Greeter', instructions: 'Greet.' });
export const spanish = new RealtimeAgent({ name: 'Spanish', instructions: 'Spanish.' });

export const partial = (
  role: 'user' | 'assistant',
  itemId: string,
  text: string,
  delta = text,
): SessionEvent => ({
  type: 'transcript',
  role,
  itemId,
  text,
  delta,
  final: false,
});
export const final = (role: 'user' | 'assistant', itemId: string, text: string): SessionEvent => ({
  type: 'transcript',
  role,
  itemId,
  text,
  delta: text,
  final: true,
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
