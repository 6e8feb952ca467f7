/**
 * Shared helpers of the React browser tests: runners on the emulator that the browser project's
 * globalSetup started, the agents (a tool that needs approval, a handoff), and waiting.
 * @module
 */
import { RealtimeAgent, RealtimeRunner, realtimeHandoff, tool } from '@realtime-agents/core';
import { type WebRtcTransport, webrtcTransport } from '@realtime-agents/webrtc';
import { type WebSocketTransport, websocketTransport } from '@realtime-agents/websocket';
import { inject } from 'vitest';
import { z } from 'zod';

/** The emulator's base URL, e.g. `http://127.0.0.1:1234/v1`. */
export const baseUrl = (): string => inject('emulatorBaseUrl');

/** Mint an `ek_` client secret from the emulator. */
export async function mintSecret(): Promise<string> {
  const res = await fetch(`${baseUrl()}/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  if (!res.ok) throw new Error(`minting a client secret failed: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { value: string }).value;
}

/** A fresh greeter (get_weather, book_table needing approval, handoff to Spanish). */
export function agents() {
  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => `Sunny in ${city}, 22C`,
  });
  const bookTable = tool({
    name: 'book_table',
    description: 'Book a restaurant table for a guest at a given time',
    parameters: z.object({ name: z.string(), time: z.string() }),
    needsApproval: true,
    execute: ({ name, time }) => ({ confirmed: true, name, time }),
  });
  const spanish = new RealtimeAgent({
    name: 'Spanish',
    instructions: 'Respond only in Spanish.',
    handoffDescription: 'Speaks Spanish with the user.',
  });
  const greeter = new RealtimeAgent({
    name: 'Greeter',
    instructions: 'You are a helpful voice assistant.',
    tools: [getWeather, bookTable],
    handoffs: [realtimeHandoff(spanish)],
  });
  return { greeter, spanish };
}

/**
 * A runner on the emulator (push-to-talk, so the fake microphone never starts a turn) and how many
 * connections it opened (one client secret per connect).
 */
export function emulatorRunner<K extends 'websocket' | 'webrtc' = 'websocket'>(
  kind: K = 'websocket' as K,
  mediaStream?: MediaStream,
) {
  const counter = { connects: 0 };
  const clientSecret = () => {
    counter.connects++;
    return mintSecret();
  };
  const options = { clientSecret, ...(mediaStream && { mediaStream }) };
  const transport = (
    kind === 'webrtc' ? webrtcTransport(options) : websocketTransport(options)
  ) as K extends 'webrtc' ? WebRtcTransport : WebSocketTransport;
  const runner = new RealtimeRunner({ baseUrl: baseUrl(), turnDetection: null, transport });
  return { runner, transport, counter };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A live tone at about -12 dBFS as a microphone stream (a level the meters must show). */
export function toneStream(): { stream: MediaStream; close(): void } {
  const ctx = new AudioContext();
  const dest = ctx.createMediaStreamDestination();
  const gain = ctx.createGain();
  gain.gain.value = 0.35;
  const osc = ctx.createOscillator();
  osc.frequency.value = 220;
  osc.connect(gain).connect(dest);
  osc.start();
  return { stream: dest.stream, close: () => void ctx.close() };
}
