import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsClient } from './calls-client.js';
import { createClientSecret } from './client-secret.js';
import { OpenAIApiError } from './errors.js';
import { type FakeReply, type FakeUpstream, startFakeUpstream } from './fake-upstream.test-helper.js';

// Upstreams (or proxies in front of them) that echo credentials back; none may reach an error.
const KEY = 'sk-proj-NOTAREALKEY0TESTONLY0000000000KLMN';
const EK = 'ek_68af0123456789abcdef0123456789ab';
let upstream: FakeUpstream;
let reply: FakeReply;

beforeAll(async () => {
  upstream = await startFakeUpstream(() => reply);
});
afterAll(() => upstream.close());

async function failure(run: () => Promise<unknown>): Promise<OpenAIApiError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAIApiError);
  return error as OpenAIApiError;
}

function expectNoKey(error: OpenAIApiError) {
  const text = JSON.stringify({ ...error, message: error.message, stack: error.stack });
  for (const secret of [KEY, EK, '0123456789abcdef', 'ek_68af', 'sk-proj-0123'])
    expect(text).not.toContain(secret);
}

const mint = () =>
  createClientSecret({ apiKey: KEY, baseUrl: upstream.baseUrl, session: { type: 'realtime' } });
const accept = () =>
  callsClient({ apiKey: KEY, baseUrl: upstream.baseUrl }).accept('rtc_1', { type: 'realtime' });

describe('server errors never quote a key', () => {
  it.each([
    [
      'a 401 JSON body quoting the key and a client secret',
      401,
      `{"error":{"message":"bad ${KEY} / ${EK}"}}`,
    ],
    ['a 500 text body echoing the request headers', 500, `Authorization: Bearer ${KEY}\nx-secret: ${EK}`],
    ['a long text body where the key straddles the 300-character cut', 502, `${'x'.repeat(280)} ${KEY}`],
    ['a 200 body that is not JSON', 200, `<html>Bearer ${KEY} ${EK}</html>`],
    ['a 200 non-JSON body where the key straddles the 200-character cut', 200, `${'x'.repeat(180)} ${EK}`],
  ])('%s', async (_, status, body) => {
    reply = { status, body };
    expectNoKey(await failure(mint));
    expectNoKey(await failure(accept));
  });
});
