/** Faults on demand, per connection via ?emulator_fault= / x-emulator-fault and programmatic. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './emulator.js';
import { FaultyChannel, findFault, parseFaultList } from './faults.js';
import { TestClient } from './test-support.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ synthesizer: { engine: 'formant' } });
});
afterAll(async () => {
  await emu.close();
});

async function turn(faults: string, text = 'hello there my friend') {
  const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime&emulator_fault=${faults}`);
  await c.waitFor('session.created');
  c.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  });
  c.send({ type: 'response.create' });
  return c;
}

describe('fault parsing', () => {
  it('merges lists and reads arguments', () => {
    expect(parseFaultList(['a'], 'b,c', ['a', ' d '], undefined)).toEqual(['a', 'b', 'c', 'd']);
    expect(findFault(['delay:200'], 'delay')).toEqual({ name: 'delay', arg: '200' });
    expect(findFault(['x'], 'delay')).toBeUndefined();
  });

  it('a clean channel passes everything through', () => {
    const out: string[] = [];
    const ch = new FaultyChannel(
      [],
      (j) => out.push(j),
      () => {},
    );
    expect(ch.clean).toBe(true);
    ch.send('a', '1');
    ch.send('b', '2');
    expect(out).toEqual(['1', '2']);
  });
});

describe('message faults over WebSocket', () => {
  it('drop:<type> removes exactly those events', async () => {
    const c = await turn('drop:response.output_audio.delta');
    await c.waitFor('response.done');
    expect(c.types()).not.toContain('response.output_audio.delta');
    expect(c.types()).toContain('response.output_audio_transcript.delta');
    await c.close();
  });

  it('plain drop loses every 5th event', async () => {
    const c = await turn('drop');
    await c.waitFor('conversation.item.done', 5000, 3);
    await new Promise((r) => setTimeout(r, 500));
    const clean = await turn('');
    await clean.waitFor('response.done');
    expect(c.events.length).toBeLessThan(clean.events.length);
    await c.close();
    await clean.close();
  });

  it('duplicate:<type> sends those events twice (same event_id)', async () => {
    const c = await turn('duplicate:response.created');
    await c.waitFor('response.done');
    const created = c.events.filter((e) => e.type === 'response.created');
    expect(created).toHaveLength(2);
    expect(created[0]!.event_id).toBe(created[1]!.event_id);
    await c.close();
  });

  it('delay:<ms> holds every event back, order kept', async () => {
    const t0 = Date.now();
    const c = await TestClient.connect(`${emu.wsUrl}?model=m`, 'sk-test');
    c.ws.close();
    const d = await TestClient.connect(`${emu.wsUrl}?model=m&emulator_fault=delay:300`);
    await d.waitFor('session.created');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await d.close();
  });

  it('reorder swaps each delta with the event after it', async () => {
    const c = await TestClient.connect(`${emu.wsUrl}?model=gpt-realtime&emulator_fault=reorder`);
    c.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'one two three four five six' }],
      },
    });
    c.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await c.waitFor('response.done');
    const text = done.response.output[0].content[0].text;
    const deltas = c.events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta);
    expect(deltas.join('')).not.toBe(text);
    expect(deltas.join('').length).toBe(text.length);
    expect(deltas.slice(0, 2).join('')).toBe('said: You ');
    await c.close();
  });

  it('malformed_json sends one truncated message after response.created', async () => {
    const c = await turn('malformed_json');
    await c.waitFor('response.done');
    const bad = c.raw.filter((r) => {
      try {
        JSON.parse(r);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
    expect(bad[0]!.startsWith('{"type":"response.created"')).toBe(true);
    await c.close();
  });

  it('close_mid_response drops the socket after the first delta', async () => {
    const c = await turn('close_mid_response');
    const code = await c.closed();
    expect(code).toBe(1006);
    expect(c.types()).not.toContain('response.done');
    expect(c.types().at(-1)).toMatch(/\.delta$/);
  });

  it('the x-emulator-fault header works too, and programmatic faults apply to every connection', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${emu.wsUrl}?model=m`, {
      headers: { authorization: 'Bearer sk-test', 'x-emulator-fault': '401' },
    });
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
    const faulty = await startEmulator({ faults: ['429'], synthesizer: { engine: 'formant' } });
    expect((await TestClient.connect(`${faulty.wsUrl}?model=m`).catch((e) => e)).status).toBe(429);
    await faulty.close();
  });
});
