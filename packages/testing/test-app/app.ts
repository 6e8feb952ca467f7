// A small voice app, as a user of the kit would have: agents with a tool, a handoff and an output
// guardrail; Connect opens a session over the transport named in `?transport=` (default WebSocket)
// against the default Realtime API URL, with a key from the app's own `POST /session`.
import { outputGuardrail, RealtimeAgent, RealtimeRunner, realtimeHandoff, tool } from '@realtime-agents/core';
import { webrtcTransport } from '@realtime-agents/webrtc';
import { websocketTransport } from '@realtime-agents/websocket';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}, 22°C`,
});
const noPineapple = outputGuardrail({
  name: 'no_pineapple',
  execute: (_ctx, _agent, output) => ({ tripwireTriggered: output.toLowerCase().includes('pineapple') }),
});
const spanish = new RealtimeAgent({
  name: 'Spanish',
  instructions: 'Solo en español.',
  tools: [getWeather],
  outputGuardrails: [noPineapple],
});
const greeter = new RealtimeAgent({
  name: 'Greeter',
  instructions: 'Help with the weather.',
  tools: [getWeather],
  handoffs: [realtimeHandoff(spanish)],
  outputGuardrails: [noPineapple],
});

async function clientSecret(): Promise<string> {
  const res = await fetch('/session', { method: 'POST' });
  return ((await res.json()) as { value: string }).value;
}

const status = document.querySelector<HTMLOutputElement>('#status')!;
const input = document.querySelector<HTMLInputElement>('#text')!;
let session: Awaited<ReturnType<RealtimeRunner['session']>> | null = null;

document.querySelector('#connect')!.addEventListener('click', async () => {
  const kind = new URLSearchParams(location.search).get('transport') ?? 'websocket';
  const transport =
    kind === 'webrtc' ? webrtcTransport({ clientSecret }) : websocketTransport({ clientSecret });
  status.value = 'connecting';
  try {
    session = await new RealtimeRunner({
      model: 'gpt-realtime',
      transport,
      inputAudioTranscription: { model: 'gpt-4o-transcribe' },
    }).session(greeter);
    status.value = 'connected';
  } catch (error) {
    status.value = `failed: ${(error as Error).message}`;
  }
});
document.querySelector('#send')!.addEventListener('click', () => {
  void session?.sendText(input.value);
  input.value = '';
});
