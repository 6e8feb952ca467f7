// The README's phone example (this directory's phone.ts, quoted verbatim there) run for real: the
// emulator rings it, the demo's greeter answers, uses get_weather and speaks into the line.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSynthesizer, type Emulator, readWav, startEmulator } from '@realtime-agents/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const SAY = 'What is the weather in Paris today?';
const synth = createSynthesizer();
let emu: Emulator;
let server: Server;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    webhookSecret: 'whsec_cGhvbmUtZXhhbXBsZQ==',
    // Offline there is no speech recognizer; the caller's words are known (see sip-call.test.ts).
    transcriber: {
      transcribe: async (pcm) =>
        pcm.length >= (await synth.synthesize(SAY, 'alloy', 1)).length * 0.8 ? SAY : '',
    },
  });
  vi.stubEnv('OPENAI_API_KEY', 'sk-phone-example');
  vi.stubEnv('OPENAI_BASE_URL', emu.baseUrl);
  vi.stubEnv('OPENAI_WEBHOOK_SECRET', 'whsec_b2xkLXNlY3JldA==,whsec_cGhvbmUtZXhhbXBsZQ==');
  vi.stubEnv('PORT', '0');
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  ({ server } = await import('./phone.js'));
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await emu?.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}; log:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ring = async (body: Record<string, unknown>) => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const res = await fetch(`${emu.baseUrl.replace(/\/v1$/, '')}/emulator/sip/incoming`, {
    method: 'POST',
    body: JSON.stringify({ ...body, webhook_url: url, wait: true }),
  });
  return (await res.json()) as { call_id: string; status: string; webhook_status: number };
};

describe('README: the phone server example', () => {
  it('is quoted verbatim in the README', () => {
    const readme = readFileSync(join(here, '../../../README.md'), 'utf8');
    const source = readFileSync(join(here, 'phone.ts'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it('answers a call with the greeter: the caller asks, get_weather runs, the answer is spoken into the line', async () => {
    expect(lines.some((l) => /^Webhook URL: http:\/\/127\.0\.0\.1:\d+\//.test(l))).toBe(true);
    const call = await ring({ from: 'sip:+15555550100@carrier.example', say: SAY });
    expect(call).toMatchObject({ status: 'accepted', webhook_status: 200 });
    const answer = await until('the spoken answer', () =>
      lines.find((l) => l.startsWith(`[${call.call_id}] assistant:`) && /Paris/.test(l)),
    );
    expect(answer).toMatch(/Sunny in Paris/);
    const root = emu.baseUrl.replace(/\/v1$/, '');
    const state = async () =>
      (await (await fetch(`${root}/emulator/sip/calls/${call.call_id}`)).json()) as { recording_ms: number };
    // the caller listens for a second of the answer, then hangs up
    for (let s = await state(); s.recording_ms < 1000; s = await state())
      await new Promise((r) => setTimeout(r, 50));
    expect(
      (await fetch(`${root}/emulator/sip/calls/${call.call_id}/hangup`, { method: 'POST' })).status,
    ).toBe(200);
    await until('session_ended', () => lines.find((l) => l === `[sip] session_ended ${call.call_id}`));
    const wav = readWav(
      new Uint8Array(
        await (await fetch(`${root}/emulator/sip/calls/${call.call_id}/recording`)).arrayBuffer(),
      ),
    );
    expect(wav.sampleRate).toBe(8000);
    expect(wav.samples.some((s) => Math.abs(s) > 1000)).toBe(true);
    expect(lines.filter((l) => l.includes(' error '))).toEqual([]);
  }, 40_000);

  it('rejects the one busy caller with 486', async () => {
    const call = await ring({ from: 'sip:+15555550666@carrier.example' });
    expect(call).toMatchObject({ status: 'rejected', webhook_status: 200 });
    expect(lines).toContain(`[sip] rejected ${call.call_id}`);
  });
});
