// session.updateHistory() over the emulator: the server's conversation becomes the one asked for and
// the local history follows the server's echoes. Also the createWebSocket hook.
import { ConfigError, RealtimeAgent, RealtimeRunner } from '@realtime-agents/core';
import { type Emulator, startEmulator } from '@realtime-agents/emulator';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingWebSocket, record, speech } from '../test/node-helpers.js';
import { websocketTransport } from './index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
});

const agent = new RealtimeAgent({ name: 'Assistant', instructions: 'Be brief.' });
const runner = (transport = websocketTransport(), options: { historyStoreAudio?: boolean } = {}) =>
  new RealtimeRunner({ apiKey: 'sk-test', baseUrl: emu.baseUrl, transport, ...options });

/** The emulator's conversation (type, role, text) for the one live session. */
function serverConversation() {
  const live = [...emu.sessions.values()];
  expect(live).toHaveLength(1);
  return live[0]!.conversation.items.map(({ item }) => {
    const content = (item as { content?: Array<{ text?: string; transcript?: string }> }).content ?? [];
    return `${(item as { role?: string }).role ?? item.type}: ${content.map((c) => c.text ?? c.transcript ?? '').join('')}`;
  });
}

describe('session.updateHistory over the emulator', () => {
  it('deletes, inserts and edits items on the server; session.history follows', async () => {
    const session = await runner().session(agent);
    const rec = record(session);
    await session.sendText('My name is Ada.');
    await rec.waitFor('agent_end');
    await session.sendText('What is my name?');
    await rec.waitFor('agent_end', () => true, 10_000, rec.events.indexOf(rec.of('agent_end')[0]!) + 1);
    expect(session.history).toHaveLength(4);
    const local = () =>
      session.history.map((h) => `${'role' in h ? h.role : h.type}: ${'text' in h ? h.text : ''}`);
    expect(local()).toEqual(serverConversation());

    const before = rec.of('history_updated').length;
    await session.updateHistory((h) => [
      { type: 'message', role: 'system', text: 'The user prefers short answers.' },
      ...h
        .slice(2)
        .map((it, i) => (i === 0 && 'text' in it ? { ...it, text: 'What is my name, please?' } : it)),
    ]);
    await rec.waitFor('history_updated', (e) => e.history.length === 3, 5_000);
    expect(rec.of('history_updated').length).toBeGreaterThan(before);
    expect(serverConversation()).toEqual([
      'system: The user prefers short answers.',
      'user: What is my name, please?',
      serverConversation()[2],
    ]);
    expect(serverConversation()[2]).toMatch(/^assistant: /);
    expect(local()).toEqual(serverConversation());
    expect(rec.of('error')).toEqual([]);

    await expect(
      session.updateHistory([{ type: 'message', role: 'robot', text: 'hi' }] as never),
    ).rejects.toThrow(ConfigError);
    session.close();
    await expect(session.updateHistory([])).rejects.toThrow(
      /Cannot updateHistory\(\): the session is closed/,
    );
  });
});

describe('historyStoreAudio', () => {
  /** Base64 PCM16 at 24 kHz → ms. */
  const ms = (b64: string | undefined) => (Buffer.from(b64 ?? '', 'base64').length / 2 / 24000) * 1000;
  const audioOf = (item: unknown) =>
    ((item as { content?: Array<{ type: string; audio?: string }> }).content ?? []).find((c) =>
      c.type.endsWith('_audio'),
    )?.audio;

  it('keeps the audio of both sides in session.history, as long as what was said', async () => {
    const session = await runner(websocketTransport(), { historyStoreAudio: true }).session(agent);
    const rec = record(session);
    await session.sendAudio(speech(900), { commit: true });
    const end = await rec.waitFor('agent_end');
    await rec.waitFor('history_updated', () =>
      session.history.every((h) => h.type !== 'message' || audioOf(h)),
    );
    const [user, assistant] = session.history;
    expect(ms(audioOf(user))).toBeCloseTo(900, -1);
    const played = rec.of('audio').reduce((n, a) => n + a.data.byteLength, 0);
    expect(played).toBeGreaterThan(0);
    expect(Buffer.from(audioOf(assistant) ?? '', 'base64').length).toBe(played);
    expect(end.output.length).toBeGreaterThan(0);
    expect(rec.of('error')).toEqual([]);
    session.close();
  });

  it('is off by default: no retrieve is sent and history holds no audio bytes', async () => {
    const socket = recordingWebSocket();
    const session = await runner(websocketTransport({ WebSocket: socket.WebSocket })).session(agent);
    const rec = record(session);
    await session.sendAudio(speech(500), { commit: true });
    await rec.waitFor('agent_end');
    expect(socket.sent().filter((e) => e.type === 'conversation.item.retrieve')).toEqual([]);
    expect(JSON.stringify(session.history)).not.toMatch(/"audio":/);
    session.close();
  });
});

describe('websocketTransport({ createWebSocket })', () => {
  it('opens the socket through the factory, with the credentials in headers outside browsers', async () => {
    const opened: Array<{ url: string; protocols: string[]; headers: Record<string, string> }> = [];
    const transport = websocketTransport({
      createWebSocket: (url, protocols, { headers }) => {
        opened.push({ url, protocols, headers });
        return new WebSocket(url, protocols, { headers }) as unknown as globalThis.WebSocket;
      },
    });
    const session = await runner(transport).session(agent);
    const rec = record(session);
    await session.sendText('Hello');
    await rec.waitFor('agent_end');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?model=/);
    expect(opened[0]!.headers.Authorization).toBe('Bearer sk-test');
    session.close();
  });

  it('a factory that is not a function, or returns no socket, fails connect with a clear error', async () => {
    await expect(
      runner(websocketTransport({ createWebSocket: 'ws://x' as never })).session(agent),
    ).rejects.toThrow(
      /createWebSocket }\) must be a function \(url, protocols, \{ headers \}\) => WebSocket, got string/,
    );
    await expect(
      runner(websocketTransport({ createWebSocket: () => undefined as never })).session(agent),
    ).rejects.toThrow(/createWebSocket\(\) did not return a WebSocket/);
  });
});
