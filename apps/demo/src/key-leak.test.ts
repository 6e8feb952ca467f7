// End to end in Node: the real WebSocket transport against the real emulator with keys the server
// refuses. Nothing the caller sees — the thrown error, its cause chain, any session event — may quote
// the key; the demo's event log (which masks keys) is checked on the same events.
import {
  RealtimeAgent,
  RealtimeSession,
  resolveRunnerOptions,
  type SessionEvent,
} from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import { websocketTransport } from '@realtime-agents/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventJson, eventSummary } from './loggable.js';

const WRONG_SK = 'sk-fake-NOTAREALKEY0TESTONLY0000000000KLMN';
const UNKNOWN_EK = 'ek_68af0123456789abcdef0123456789ab';

let strict: Emulator;
let open: Emulator;
beforeAll(async () => {
  strict = await startEmulator({ port: 0, apiKey: `sk-right-${'r'.repeat(40)}` });
  open = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await strict?.close();
  await open?.close();
});

/** Errors as JSON with their message, stack, own fields and causes (JSON.stringify drops the first ones). */
function serialise(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v instanceof Error ? { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause } : v,
  );
}

/** No key and no 10-character run of one. */
function expectNoKey(text: string, key: string) {
  for (let i = 0; i + 10 <= key.length; i++) expect(text).not.toContain(key.slice(i, i + 10));
}

async function refusedConnect(baseUrl: string, auth: { apiKey?: string; clientSecret?: string }) {
  const session = new RealtimeSession({
    options: resolveRunnerOptions({ baseUrl }),
    agent: new RealtimeAgent({ name: 'A', instructions: 'Be brief.' }),
    transport: websocketTransport(auth),
  });
  const events: SessionEvent[] = [];
  session.on('*', (e) => events.push(e));
  const error = await session.connect().then(
    () => null,
    (e: unknown) => e,
  );
  session.close();
  expect(error).toBeInstanceOf(Error);
  const chain: unknown[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 8; e = e.cause) chain.push(e);
  return { error: error as Error, chain, events };
}

describe('a refused key never reaches the caller (WebSocket transport, emulator)', () => {
  it.each([
    ['a wrong sk- key', () => strict.baseUrl, { apiKey: WRONG_SK }, WRONG_SK],
    ['an unknown ek_ client secret', () => open.baseUrl, { clientSecret: UNKNOWN_EK }, UNKNOWN_EK],
  ])('%s', async (_, baseUrl, auth, key) => {
    const { error, chain, events } = await refusedConnect(baseUrl(), auth);
    expect(error.message).toMatch(/401/);
    expect(serialise(chain)).toMatch(/Incorrect API key provided/);
    for (const e of chain) expectNoKey(serialise(e), key);
    expectNoKey(serialise(events), key);
    for (const e of events) expectNoKey(`${eventSummary(e)}\n${eventJson(e)}`, key);
    expectNoKey(eventJson({ type: 'error', error }), key);
  });

  it('the check catches a key quoted in a cause', () => {
    const leak = new Error('refused', { cause: new Error(`key ${UNKNOWN_EK}`) });
    expect(() => expectNoKey(serialise(leak), UNKNOWN_EK)).toThrow();
  });
});
