/**
 * Shared helpers of the WebRTC browser tests: mint client secrets from the emulator, collect
 * session events, wait for conditions, and build speech-like PCM16.
 * @module
 */
import {
  RealtimeAgent,
  RealtimeRunner,
  type RealtimeRunnerOptions,
  type RealtimeSession,
  type SessionEvent,
  tool,
} from '@realtime-agents/core';
import { inject } from 'vitest';
import { z } from 'zod';

/** The emulator started by the browser project's globalSetup, e.g. `http://127.0.0.1:1234/v1`. */
export const baseUrl = (): string => inject('emulatorBaseUrl');

/** Mint an `ek_` client secret from the emulator with the standard test key. */
export async function mintSecret(
  session: object = { type: 'realtime', model: 'gpt-realtime' },
): Promise<string> {
  const res = await fetch(`${baseUrl()}/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk-test', 'Content-Type': 'application/json' },
    body: JSON.stringify({ session }),
  });
  if (!res.ok) throw new Error(`minting a client secret failed: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { value: string }).value;
}

/** Wait until `check()` is truthy; fails naming `what`. */
export async function until<T>(
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (performance.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every event of a session, in order, with helpers. */
export function record(session: RealtimeSession<unknown>) {
  const events: SessionEvent[] = [];
  session.on('*', (e) => events.push(e));
  const of = <T extends SessionEvent['type']>(type: T) =>
    events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
  const raw = (type: string) =>
    of('raw')
      .map((e) => e.event as { type: string; [k: string]: unknown })
      .filter((e) => e.type === type);
  return { events, of, raw };
}

export const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `Sunny in ${city}, 72F`,
});

/** The design card's agents: a greeter with `get_weather` and a handoff to a Spanish agent. */
export async function agents() {
  const { realtimeHandoff } = await import('@realtime-agents/core');
  const spanish = new RealtimeAgent({ name: 'Spanish', instructions: 'Respond in Spanish' });
  const greeter = new RealtimeAgent({
    name: 'Greeter',
    instructions: 'You are a helpful voice assistant.',
    tools: [getWeather],
    handoffs: [realtimeHandoff(spanish)],
  });
  return { greeter, spanish };
}

/** A runner against the emulator. */
export function runner(options: RealtimeRunnerOptions): RealtimeRunner {
  return new RealtimeRunner({ baseUrl: baseUrl(), ...options });
}

/** Root mean square of PCM16 in dBFS. */
export function rmsDbfs(pcm: Int16Array): number {
  let sum = 0;
  for (const v of pcm) sum += v * v;
  const rms = Math.sqrt(sum / Math.max(1, pcm.length)) / 32768;
  return rms > 0 ? 20 * Math.log10(rms) : -120;
}

/** Voiced, speech-like PCM16 (a 140 Hz buzz with syllable-rate modulation) at about −14 dBFS. */
export function speechLike(ms: number, rate = 24000): Int16Array {
  const n = Math.round((rate * ms) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const buzz = ((t * 140) % 1) * 2 - 1;
    const env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
    out[i] = Math.round(buzz * env * 9000);
  }
  return out;
}

/** A live, silent audio stream (for tests that must not send the fake microphone). */
export function silentStream(): { stream: MediaStream; close(): void } {
  const ctx = new AudioContext();
  const dest = ctx.createMediaStreamDestination();
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const osc = ctx.createOscillator();
  osc.connect(gain).connect(dest);
  osc.start();
  return { stream: dest.stream, close: () => void ctx.close() };
}

/** Events the emulator logged for a call (`GET /emulator/log?session=rtc_…`). */
export async function emulatorLog(
  callId: string,
): Promise<Array<{ direction: 'in' | 'out'; event: { type: string; [k: string]: unknown } }>> {
  const origin = new URL(baseUrl()).origin;
  const res = await fetch(`${origin}/emulator/log?session=${callId}`);
  if (!res.ok) throw new Error(`emulator log for ${callId}: HTTP ${res.status}`);
  return ((await res.json()) as { events: never[] }).events;
}

/** A user message long enough for ~8 s of assistant speech (the emulator quotes 160 characters). */
export const LONG_MESSAGE =
  'Please repeat this whole sentence slowly: the quick brown fox jumps over the lazy dog, then runs across the wide green field, past the old red barn, and into the quiet forest.';
