/**
 * The package outside Node: bundled for a neutral platform (no `node:` modules may be needed at
 * runtime) and run in a bare V8 context that has only web globals — no `process`, no `Buffer` —
 * like a Worker or Deno Deploy.
 */
import { fileURLToPath } from 'node:url';
import { runInContext, createContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.test-helper.js';

type Api = typeof import('./index.js');
let upstream: FakeUpstream;
let api: Api;
let context: Record<string, unknown>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    platform: 'neutral',
    conditions: ['source'],
    mainFields: ['module', 'main'],
    format: 'iife',
    globalName: 'RealtimeServer',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  expect(code).not.toMatch(/require\(["']node:/);
  context = createContext({
    fetch,
    Request,
    Response,
    Headers,
    URL,
    URLSearchParams,
    crypto,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
  });
  runInContext(code, context);
  api = context.RealtimeServer as Api;
});
afterAll(() => upstream.close());

describe('in a fetch runtime without process or Buffer', () => {
  it('has no process or Buffer global', () => {
    expect(runInContext('typeof process + typeof Buffer', context)).toBe('undefinedundefined');
  });

  it('serves the client-secret handler', async () => {
    const handler = api.clientSecretHandler({
      apiKey: 'sk-worker-1',
      baseUrl: upstream.baseUrl,
      session: { type: 'realtime', model: 'gpt-realtime' },
      allowedOrigins: ['https://app.test'],
    });
    const ok = await handler(
      new Request('https://w.test/session', { method: 'POST', headers: { origin: 'https://app.test' } }),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { value: string }).value).toMatch(/^ek_/);
    const denied = await handler(
      new Request('https://w.test/session', { method: 'POST', headers: { origin: 'https://x.test' } }),
    );
    expect(denied.status).toBe(403);
  });

  it('explains the missing key (no process.env to read) instead of crashing', async () => {
    await expect(
      api.createClientSecret({ baseUrl: upstream.baseUrl, session: { type: 'realtime' } }),
    ).rejects.toThrow(/OPENAI_API_KEY/);
  });

  it('signs and verifies webhooks with Web Crypto', async () => {
    const secret = 'whsec_dGVzdC1zZWNyZXQtYnl0ZXMtMTIzNDU2Nzg5MA==';
    const body = JSON.stringify({
      type: 'realtime.call.incoming',
      data: { call_id: 'rtc_1', sip_headers: [] },
    });
    const headers = await api.signWebhook(body, secret);
    expect(headers['webhook-id']).toMatch(/^wh_[0-9a-f]{32}$/);
    await expect(api.verifyWebhook(body, headers, secret)).resolves.toMatchObject({
      data: { call_id: 'rtc_1' },
    });
    await expect(api.verifyWebhook(body.replace('rtc_1', 'rtc_2'), headers, secret)).rejects.toThrow(
      /signature/,
    );
  });

  it('drives the Calls API and builds the attach URL', async () => {
    await api.callsClient({ apiKey: 'sk-worker-2', baseUrl: upstream.baseUrl }).hangup('rtc_9');
    expect(upstream.requests.at(-1)?.path).toBe('/v1/realtime/calls/rtc_9/hangup');
    expect(api.sipSessionUrl('rtc_9', { apiKey: 'sk-worker-2', baseUrl: upstream.baseUrl }).url).toBe(
      `${upstream.baseUrl.replace('http', 'ws')}/realtime?call_id=rtc_9`,
    );
  });
});
