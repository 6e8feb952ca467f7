// The demo's connection against the emulator from globalSetup, over both transports, with the
// page's own views fed by the real session events. Keys are minted straight from the emulator here
// (the page gets them from POST /session).
import type { SessionEvent } from '@realtime-agents/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ConnectFailure, DemoConnection, type Drill } from './connection.js';
import { DemoLink } from './demo-link.js';
import { mount } from './test/events.js';
import { ToolPanel } from './ui/tool-panel.js';
import { TranscriptView } from './ui/transcript.js';

const baseUrl = inject('emulatorBaseUrl');
const backend = { backend: 'emulator' as const, baseUrl, model: 'gpt-realtime', faults: true };

async function mintKey(): Promise<string> {
  const res = await fetch(`${baseUrl}/realtime/client_secrets`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-emulator-test', 'content-type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }),
  });
  return ((await res.json()) as { value: string }).value;
}

function until(events: SessionEvent[], ok: (e: SessionEvent) => boolean, ms = 10_000): Promise<SessionEvent> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tick = () => {
      const hit = events.find(ok);
      if (hit) return resolve(hit);
      if (performance.now() - t0 > ms)
        return reject(new Error(`timed out; saw ${[...new Set(events.map((e) => e.type))].join(', ')}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

let open: DemoConnection | null = null;
afterEach(() => {
  open?.close();
  open = null;
  document.body.replaceChildren();
});

/** Push-to-talk keeps the fake microphone's speech out of the typed turns. */
async function connect(transport: 'webrtc' | 'websocket', drill: Drill = 'none', pushToTalk = true) {
  const events: SessionEvent[] = [];
  const levels: number[] = [];
  const c = await DemoConnection.open({
    backend,
    transport,
    pushToTalk,
    drill,
    clientSecret: mintKey,
    onEvent: (e) => events.push(e),
    onMicLevel: (db) => levels.push(db),
  });
  open = c;
  return { c, events, levels };
}

/** The server sessions (one per connection) the emulator has seen so far. */
async function serverSessions(): Promise<Set<string>> {
  const res = await fetch(`${baseUrl.replace(/\/v1$/, '')}/emulator/log`);
  return new Set(((await res.json()) as { sessions: string[] }).sessions);
}

/** A link prepared the way the page does before the click. */
async function prepared(transport: 'webrtc' | 'websocket', idleTimeoutMs?: number) {
  const link = new DemoLink({ backend, transport, pushToTalk: true, clientSecret: mintKey, idleTimeoutMs });
  await link.prepare();
  return link;
}

/** The Connect click on a page whose link was prepared (or has expired). */
async function click(link: DemoLink) {
  const events: SessionEvent[] = [];
  const c = await DemoConnection.open({
    ...link.settings,
    link,
    onEvent: (e) => events.push(e),
    onMicLevel: () => undefined,
  });
  open = c;
  return { c, events };
}

describe.each(['websocket', 'webrtc'] as const)('DemoConnection over %s', (transport) => {
  it('adopts the link prepared before the click, and answers over it', async () => {
    const link = await prepared(transport);
    expect(link.preparation).toBe('ready');
    const beforeClick = await serverSessions();
    const { c, events } = await click(link);
    expect(c.transport).toBe(link.transport);
    expect(link.preparation).toBe('none'); // taken by the connect
    // the session runs on the server session made before the click, not on a new one
    const created = events.find((e) => e.type === 'raw' && e.event.type === 'session.created');
    const id = created?.type === 'raw' && (created.event as { session: { id: string } }).session.id;
    expect(beforeClick.has(id as string)).toBe(true);
    await c.session.sendText('Hello');
    await until(events, (e) => e.type === 'transcript' && e.role === 'assistant' && e.final);
  });

  it('a prepared link that expired: the click connects anew', async () => {
    const link = await prepared(transport, 200);
    await expect.poll(() => link.preparation, { timeout: 3000 }).toBe('expired');
    const { c, events } = await click(link);
    await c.session.sendText('Hello again');
    await until(events, (e) => e.type === 'transcript' && e.role === 'assistant' && e.final);
  });

  it('runs the weather tool and the approval flow, rendered by the page views', async () => {
    const { c, events } = await connect(transport);
    const root = mount('<ol></ol><div></div>');
    const transcript = new TranscriptView(root.children[0] as HTMLElement);
    const tools = new ToolPanel(root.children[1] as HTMLElement, {
      approve: (id) => c.session.approveTool(id),
      reject: (id) => c.session.rejectTool(id),
    });
    c.session.on('*', (e) => {
      transcript.handle(e);
      tools.handle(e);
    });
    await c.session.sendText("What's the weather in Paris?");
    await until(events, (e) => e.type === 'tool_end' && e.toolName === 'get_weather');
    await until(events, (e) => e.type === 'transcript' && e.final && e.text.includes('Sunny in Paris'));
    expect(root.querySelector('[data-tool="get_weather"]')!.getAttribute('data-status')).toBe('done');

    await c.session.sendText('Book a table at 8pm, for Ana');
    await until(events, (e) => e.type === 'tool_approval_requested');
    root.querySelector<HTMLButtonElement>('[data-tool="book_table"] [data-testid="tool-approve"]')!.click();
    await until(events, (e) => e.type === 'tool_end' && e.toolName === 'book_table' && e.ok);
    expect(root.querySelector('[data-tool="book_table"]')!.getAttribute('data-status')).toBe('done');
  });

  it('meters the microphone and answers a spoken turn (server VAD)', async () => {
    const { events, levels } = await connect(transport, 'none', false);
    await until(events, (e) => e.type === 'speech_stopped', 15_000);
    expect(levels.some((db) => db > -60)).toBe(true);
    await until(events, (e) => e.type === 'transcript' && e.role === 'assistant' && e.final, 15_000);
    await until(events, (e) => e.type === 'metrics', 15_000);
  });

  it('push-to-talk from voice-activity mode: switches, and one held turn is committed', async () => {
    const { c, events } = await connect(transport, 'none', false);
    await c.pttDown();
    expect(c.pushToTalk).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    c.pttUp();
    const user = await until(events, (e) => e.type === 'transcript' && e.role === 'user' && e.final);
    expect(user.type === 'transcript' && user.text).toMatch(/^\[speech 1\.\d s\]$/);
    await until(events, (e) => e.type === 'transcript' && e.role === 'assistant' && e.final);
  });

  it('hands off to the Spanish agent', async () => {
    const { c, events } = await connect(transport);
    await c.session.sendText('Can we speak Spanish?');
    const handoff = await until(events, (e) => e.type === 'handoff');
    expect(handoff.type === 'handoff' && handoff.to.name).toBe('Spanish');
    await until(events, (e) => e.type === 'transcript' && e.final && e.text.includes('Hola'));
    expect(c.session.currentAgent.name).toBe('Spanish');
  });

  it('the guardrail blocks the word, asks at most twice, and the turn ends', async () => {
    const { c, events } = await connect(transport);
    await c.session.sendText('I love pineapple');
    await until(events, (e) => e.type === 'guardrail_tripped' && !e.retrying);
    await new Promise((r) => setTimeout(r, 2500));
    const trips = events.filter((e) => e.type === 'guardrail_tripped');
    expect(trips.map((e) => e.type === 'guardrail_tripped' && e.retrying)).toEqual([true, true, false]);
  });

  it('reports an expired key in words, and connects again afterwards', async () => {
    const error = await connect(transport, 'expired_key').then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConnectFailure);
    expect((error as Error).message).toMatch(/expired/i);
    const { c } = await connect(transport);
    expect(c.session.closed).toBe(false);
  });

  it('reports an unreachable backend', async () => {
    const error = await connect(transport, 'unreachable').then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConnectFailure);
    expect((error as Error).message).toMatch(/unreachable|could not|failed/i);
  });

  it('a microphone that cannot be opened is what the click reports (it opens beside the connect)', async () => {
    const error = await DemoConnection.open({
      backend,
      transport,
      pushToTalk: true,
      clientSecret: mintKey,
      micDeviceId: 'no-such-microphone',
      onEvent: () => undefined,
      onMicLevel: () => undefined,
    }).then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConnectFailure);
    expect((error as ConnectFailure).phase).toBe('microphone');
    expect((error as Error).message).toMatch(/microphone/i);
    const { c } = await connect(transport);
    expect(c.session.closed).toBe(false);
  });
});
