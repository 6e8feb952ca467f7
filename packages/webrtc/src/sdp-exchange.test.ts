import { describe, expect, it } from 'vitest';
import { exchangeSdp, SdpExchangeError } from './sdp-exchange.js';

type Call = { url: string; init: RequestInit };
function fakeFetch(res: () => Response) {
  const calls: Call[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return res();
  }) as unknown as typeof fetch;
  return { f, calls };
}

describe('exchangeSdp', () => {
  it('POSTs the offer as application/sdp with the Bearer key and reads the call id from Location', async () => {
    const { f, calls } = fakeFetch(
      () => new Response('v=0\r\n', { status: 201, headers: { Location: '/v1/realtime/calls/rtc_abc' } }),
    );
    const answer = await exchangeSdp({
      url: 'https://x/v1/realtime/calls',
      key: 'ek_1',
      offer: 'v=0 offer',
      headers: { 'X-Extra': '1' },
      fetch: f,
    });
    expect(answer).toEqual({ sdp: 'v=0\r\n', callId: 'rtc_abc' });
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe('v=0 offer');
    expect(calls[0]!.init.headers).toEqual({
      'X-Extra': '1',
      'Content-Type': 'application/sdp',
      Authorization: 'Bearer ek_1',
    });
  });

  it('with a session: multipart/form-data with the sdp and the session JSON (protocol §2.2), no explicit Content-Type', async () => {
    const { f, calls } = fakeFetch(() => new Response('v=0\r\n', { status: 201 }));
    await exchangeSdp({
      url: 'u',
      key: 'sk-test',
      offer: 'v=0 offer',
      session: { type: 'realtime', instructions: 'Be brief.' },
      fetch: f,
    });
    const body = calls[0]!.init.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect(body.get('sdp')).toBe('v=0 offer');
    const session = body.get('session') as Blob;
    expect(session.type).toBe('application/json');
    expect(JSON.parse(await session.text())).toEqual({ type: 'realtime', instructions: 'Be brief.' });
    expect(calls[0]!.init.headers).toEqual({ Authorization: 'Bearer sk-test' });
  });

  it('sends no Authorization when authenticating with an api-key header', async () => {
    const { f, calls } = fakeFetch(() => new Response('v=0\r\n', { status: 201 }));
    const answer = await exchangeSdp({
      url: 'u',
      key: null,
      offer: 'o',
      headers: { 'api-key': 'k' },
      fetch: f,
    });
    expect(answer.callId).toBeNull();
    expect(calls[0]!.init.headers).toEqual({ 'api-key': 'k', 'Content-Type': 'application/sdp' });
  });

  it('non-2xx: HTTP status and the JSON error.message, never the SDP parser error', async () => {
    const { f } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            error: { message: 'You exceeded your current quota.', code: 'insufficient_quota' },
          }),
          {
            status: 429,
          },
        ),
    );
    const err = await exchangeSdp({ url: 'https://x/calls', key: 'ek_1', offer: 'o', fetch: f }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(SdpExchangeError);
    expect(err).toMatchObject({ status: 429, code: 'http_429', serverCode: 'insufficient_quota' });
    expect(err.message).toMatch(/HTTP 429: You exceeded your current quota\./);
  });

  it('non-JSON error bodies and empty bodies are reported as text', async () => {
    const a = await exchangeSdp({
      url: 'u',
      key: 'k',
      offer: 'o',
      fetch: fakeFetch(() => new Response('Bad gateway', { status: 502 })).f,
    }).catch((e) => e);
    expect(a.message).toMatch(/HTTP 502: Bad gateway/);
    const b = await exchangeSdp({
      url: 'u',
      key: 'k',
      offer: 'o',
      fetch: fakeFetch(() => new Response('', { status: 400 })).f,
    }).catch((e) => e);
    expect(b.message).toMatch(/failed with HTTP 400$/);
  });

  it('a 2xx without an SDP body and a network failure are clear errors', async () => {
    const html = await exchangeSdp({
      url: 'u',
      key: 'k',
      offer: 'o',
      fetch: fakeFetch(() => new Response('<html>', { status: 200 })).f,
    }).catch((e) => e);
    expect(html.message).toMatch(/not with an SDP answer/);
    const down = await exchangeSdp({
      url: 'http://127.0.0.1:1/v1/realtime/calls',
      key: 'k',
      offer: 'o',
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as unknown as typeof fetch,
    }).catch((e) => e);
    expect(down).toMatchObject({ status: 0, code: 'network' });
    expect(down.message).toMatch(/Could not reach .* fetch failed/);
  });
});
