// The transport's fast path for audio deltas (core's parseAudioDeltaWire + decodePcm16Base64) must
// hand the session exactly what the general path (JSON.parse, then base64ToInt16 / G.711) gives:
// same events, same samples, same errors. A `ws` server feeds the wire messages (Node).
import {
  alawDecode,
  base64ToBytes,
  base64ToInt16,
  bytesToBase64,
  mulawDecode,
  mulawEncode,
} from '@realtime-agents/audio/codecs';
import type { AudioChunk, TransportHandlers } from '@realtime-agents/core';
import { type AudioFormat, parseAudioDeltaWire } from '@realtime-agents/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket as WsSocket, WebSocketServer } from 'ws';
import { recordingWebSocket } from '../test/node-helpers.js';
import { websocketTransport } from './index.js';

interface Seen {
  messages: unknown[];
  audio: AudioChunk[];
  errors: string[];
}

/** The general path, written out: what every message must come to. */
function reference(frames: Array<string | Buffer>, format: AudioFormat | undefined): Seen {
  const seen: Seen = { messages: [], audio: [], errors: [] };
  let out = format;
  for (const frame of frames) {
    const text = String(frame);
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(text);
    } catch {
      seen.messages.push(text);
      continue;
    }
    if (!e || typeof e !== 'object' || Array.isArray(e)) {
      seen.messages.push(text);
      continue;
    }
    const f = (e.session as { audio?: { output?: { format?: AudioFormat } } } | undefined)?.audio?.output
      ?.format;
    if ((e.type === 'session.updated' || e.type === 'session.created') && f) out = f;
    seen.messages.push(e);
    if (e.type !== 'response.output_audio.delta') continue;
    if (typeof e.item_id !== 'string' || typeof e.delta !== 'string') continue;
    let data: Int16Array;
    try {
      data =
        out?.type === 'audio/pcmu'
          ? mulawDecode(base64ToBytes(e.delta))
          : out?.type === 'audio/pcma'
            ? alawDecode(base64ToBytes(e.delta))
            : base64ToInt16(e.delta);
    } catch {
      seen.errors.push('connected:invalid_audio');
      continue;
    }
    if (data.length === 0) continue;
    seen.audio.push({
      data,
      sampleRate: out?.type === 'audio/pcmu' || out?.type === 'audio/pcma' ? 8000 : 24000,
      itemId: e.item_id,
      contentIndex: typeof e.content_index === 'number' ? e.content_index : 0,
      responseId: typeof e.response_id === 'string' ? e.response_id : '',
    });
  }
  return seen;
}

function bytes(n: number, seed: number): Uint8Array {
  let a = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

const b64 = (n: number, seed: number) => bytesToBase64(bytes(n, seed));
const delta = (d: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'response.output_audio.delta',
    event_id: 'evt_1',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: 0,
    content_index: 0,
    delta: d,
    ...extra,
  });
const updated = (format: AudioFormat) =>
  JSON.stringify({
    type: 'session.updated',
    event_id: 'evt_u',
    session: { type: 'realtime', audio: { output: { format } } },
  });

const PAD1 = b64(4802, 1); // ends in one '='
const PAD0 = b64(4800, 2);

/** Plain, padded, unpadded, malformed, duplicate keys, escapes, odd bytes, not JSON, binary frames. */
const pcmFrames: Array<string | Buffer> = [
  delta(PAD0),
  delta(PAD1),
  delta(b64(960, 3), { item_id: 'item_2', content_index: 1, response_id: 'resp_2' }),
  delta(b64(482, 4), { obfuscation: 'abc', nested: { a: [1, 'two', null] } }),
  `{ "delta" : "${PAD0}" , "type":"response.output_audio.delta" ,"item_id":"i"}`,
  delta(PAD1.replace(/=+$/, '')), // unpadded
  delta(`${PAD0.slice(0, 100)}\n${PAD0.slice(100)}`), // whitespace (escaped in JSON)
  delta(`${PAD0.slice(0, 100)}*${PAD0.slice(101)}`), // not base64
  delta(`${PAD0.slice(0, 100)}é${PAD0.slice(101)}`), // not base64, non-ASCII
  delta(b64(4801, 5)), // odd byte count
  delta(b64(8, 6)), // short
  delta(''),
  `{"type":"response.output_audio.delta","item_id":"i","delta":"${PAD0}","delta":"${b64(96, 7)}"}`,
  `{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA","delta":"${PAD0}"}`,
  `{"type":"response.output_audio.delta","item_id":"i","x":{"delta":"${PAD1}"},"delta":"${PAD0}"}`,
  delta(PAD0, { note: 'a "quoted" word \\ here' }),
  delta(PAD0, { item_id: 7 }),
  `{"type":"response.output_audio.delta","delta":"${PAD0}"}`,
  `{"type":"response.output_audio.delta","item_id":"i","delta":"${PAD0}"`, // truncated JSON
  `["response.output_audio.delta",{"delta":"${PAD0}"}]`,
  'not json at all',
  'null',
  delta(PAD0).replace('output_audio.delta', 'output_text.delta'),
  Buffer.from(delta(b64(1200, 8))), // binary frame
  updated({ type: 'audio/pcmu' }), // G.711 from here on: the fast parse must step aside
  delta(PAD0),
  delta(bytesToBase64(mulawEncode(Int16Array.from({ length: 800 }, (_, i) => (i * 37) % 20000)))),
  updated({ type: 'audio/pcma' }),
  delta(PAD1),
  updated({ type: 'audio/pcm', rate: 24000 }),
  delta(PAD1),
];

let server: WebSocketServer;
let port: number;
/** Frames the server sends after `session.updated`, per connection (taken in order). */
const scripts: Array<{ first: string; frames: Array<string | Buffer> }> = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as { port: number }).port;
  server.on('connection', (ws: WsSocket) => {
    const script = scripts.shift()!;
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as { type: string };
      if (e.type === 'session.update') ws.send(script.first);
      // Once connected (errors are reported only then), the client asks for the script.
      if (e.type !== 'response.create') return;
      for (const f of script.frames) ws.send(f, { binary: Buffer.isBuffer(f) });
      ws.send(JSON.stringify({ type: 'test.end', event_id: 'evt_end' }));
    });
  });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

async function run(format: AudioFormat | undefined, frames: Array<string | Buffer>): Promise<Seen> {
  const first = updated(format ?? { type: 'audio/pcm', rate: 24000 });
  scripts.push({ first, frames });
  const seen: Seen = { messages: [], audio: [], errors: [] };
  let end!: () => void;
  const ended = new Promise<void>((r) => {
    end = r;
  });
  const handlers: TransportHandlers = {
    message: (m) => {
      if (typeof m === 'object' && (m as { type?: string }).type === 'test.end') end();
      else seen.messages.push(m);
    },
    audio: (chunk) => seen.audio.push(chunk),
    state: (s, e) => {
      if (e) seen.errors.push(`${s}:${(e as { code?: string }).code}`);
    },
  };
  const transport = websocketTransport({ WebSocket: recordingWebSocket().WebSocket, apiKey: 'sk-test' });
  await transport.connect(
    {
      session: { type: 'realtime', audio: { output: { format } } },
      model: 'gpt-realtime',
      baseUrl: `http://127.0.0.1:${port}/v1`,
    },
    handlers,
  );
  transport.send({ type: 'response.create' });
  await ended;
  transport.close();
  return seen;
}

function expectSame(got: Seen, want: Seen): void {
  expect(got.messages).toHaveLength(want.messages.length);
  for (let i = 0; i < want.messages.length; i++) {
    expect(got.messages[i], `message ${i}`).toStrictEqual(want.messages[i]);
    if (typeof want.messages[i] === 'object' && want.messages[i])
      expect(Object.keys(got.messages[i] as object)).toEqual(Object.keys(want.messages[i] as object));
  }
  expect(got.audio).toHaveLength(want.audio.length);
  for (let i = 0; i < want.audio.length; i++) expect(got.audio[i], `chunk ${i}`).toStrictEqual(want.audio[i]);
  expect(got.errors).toEqual(want.errors);
}

describe('WebSocket transport: audio-delta fast path (Node)', () => {
  it('PCM16 session: plain, unpadded, malformed, duplicate-key and odd deltas give the same events, samples and errors as JSON.parse + base64ToInt16', async () => {
    // The fast path really is taken for the plain ones.
    const fast = pcmFrames.filter((f) => typeof f === 'string' && parseAudioDeltaWire(f));
    expect(fast.length).toBeGreaterThanOrEqual(8);
    const want = reference([updated({ type: 'audio/pcm', rate: 24000 }), ...pcmFrames], undefined);
    expect(want.errors.length).toBeGreaterThanOrEqual(3);
    expect(want.audio.length).toBeGreaterThanOrEqual(15);
    expectSame(await run(undefined, pcmFrames), want);
  });

  it('G.711 session (μ-law, then A-law): deltas that would pass the PCM16 fast path are decoded with the G.711 codec', async () => {
    const frames = [
      delta(PAD0),
      delta(PAD1),
      delta(b64(160, 9), { item_id: 'item_3' }),
      delta(PAD1.replace(/=+$/, '')),
      delta(`${PAD0.slice(0, 100)}*${PAD0.slice(101)}`),
      updated({ type: 'audio/pcma' }),
      delta(b64(4801, 10)),
      updated({ type: 'audio/pcm', rate: 24000 }),
      delta(PAD0),
    ];
    const want = reference([updated({ type: 'audio/pcmu' }), ...frames], { type: 'audio/pcmu' });
    expect(want.audio.filter((a) => a.sampleRate === 8000).length).toBeGreaterThanOrEqual(4);
    expectSame(await run({ type: 'audio/pcmu' }, frames), want);
  });
});
