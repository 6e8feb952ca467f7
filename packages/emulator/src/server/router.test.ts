/** The router's hand-off to the WebRTC endpoint: auth first, CallsContext faults and ek_ defaults. */
import { formantSpeech } from '../speech/formant.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CallsContext, CreateSessionOptions } from '../engine/contracts.js';
import { KeyStore } from './auth.js';
import { CallTable } from './call-table.js';
import { EventLog } from './event-log.js';
import { type CallsHandler, createRouter } from './router.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
const body = (r: Response): Promise<any> => r.json();

async function withRouter(
  handler: CallsHandler | null,
  run: (url: string, keys: KeyStore, created: CreateSessionOptions[]) => Promise<void>,
) {
  const keys = new KeyStore();
  const created: CreateSessionOptions[] = [];
  const router = createRouter({
    keys,
    sessions: new Map(),
    eventLog: new EventLog(),
    calls: new CallTable(),
    print: () => {},
    speak: async (text) => formantSpeech(text),
    faultsFor: (req, url) => [
      ...url.searchParams.getAll('emulator_fault'),
      ...(req.headers['x-emulator-fault'] ? [String(req.headers['x-emulator-fault'])] : []),
    ],
    callsContext: (faults): CallsContext => ({
      faults: faults.flatMap((f) => (f === 'ice_never_connects' ? [f, 'ice_never'] : [f])),
      log: () => {},
      createSession: (o) => {
        created.push(o);
        return {} as never;
      },
    }),
    callsHandler: async () => handler,
    createSipSession: () => {
      throw new Error('unused');
    },
  });
  const server = createServer(router);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys, created);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('router → WebRTC endpoint', () => {
  it('checks the key before the endpoint sees the request; passes faults; merges ek_ session defaults', async () => {
    const seen: string[][] = [];
    const handler: CallsHandler = async (ctx, _req, res, body) => {
      seen.push(ctx.faults);
      ctx.createSession({
        kind: 'webrtc',
        config: { type: 'realtime', instructions: 'from offer', audio: { input: { turn_detection: null } } },
      });
      res
        .writeHead(201, { 'content-type': 'application/sdp', location: '/v1/realtime/calls/rtc_x' })
        .end(body);
    };
    await withRouter(handler, async (url, keys, created) => {
      const bad = await fetch(`${url}/v1/realtime/calls`, {
        method: 'POST',
        headers: { authorization: 'Bearer nope' },
        body: 'v=0',
      });
      expect(bad.status).toBe(401);
      expect(seen).toEqual([]);
      const secret = keys.mint(60, {
        type: 'realtime',
        instructions: 'from secret',
        audio: { output: { voice: 'cedar' } },
      });
      const ok = await fetch(`${url}/v1/realtime/calls?emulator_fault=ice_never_connects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret.value}`, 'content-type': 'application/sdp' },
        body: 'v=0 offer',
      });
      expect(ok.status).toBe(201);
      expect(await ok.text()).toBe('v=0 offer');
      expect(seen).toEqual([['ice_never_connects', 'ice_never']]);
      expect(created[0]!.config).toEqual({
        type: 'realtime',
        instructions: 'from offer',
        audio: { output: { voice: 'cedar' }, input: { turn_detection: null } },
      });
    });
  });

  it('answers 501 with an envelope when the WebRTC module is unavailable', async () => {
    await withRouter(null, async (url) => {
      const res = await fetch(`${url}/v1/realtime/calls`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-x' },
        body: 'v=0',
      });
      expect(res.status).toBe(501);
      expect((await body(res)).error.code).toBe('not_implemented');
    });
  });

  it('a throwing endpoint becomes a 500 envelope, the server keeps serving', async () => {
    await withRouter(
      async () => {
        throw new Error('kaboom');
      },
      async (url) => {
        const res = await fetch(`${url}/v1/realtime/calls`, {
          method: 'POST',
          headers: { authorization: 'Bearer sk-x' },
          body: 'v=0',
        });
        expect(res.status).toBe(500);
        expect((await body(res)).error.type).toBe('server_error');
        expect((await fetch(`${url}/emulator/health`)).status).toBe(200);
      },
    );
  });
});
