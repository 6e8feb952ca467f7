import { describe, expect, it, vi } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { outputGuardrail } from './guardrail.js';
import { type GuardrailRetryContext, guardrailRetryLimit } from './guardrail-retry.js';
import { RealtimeRunner } from './runner.js';
import { connectScripted } from './testing/connect-scripted.js';

const blocking = () =>
  new RealtimeAgent({
    name: 'Safe',
    outputGuardrails: [
      outputGuardrail({
        name: 'no_harm',
        execute: (_c, _a, out) => ({ tripwireTriggered: out.includes('harm') }),
      }),
    ],
  });

const systemItems = (sent: { item: unknown }[]) =>
  sent.filter((e) => (e.item as { role?: string }).role === 'system').length;

describe('guardrail re-asks follow guardrails.retryPolicy', () => {
  it('by default asks for a corrected answer at most twice per user turn, then only stops the answer', async () => {
    const { transport, script, feed, settle, of } = await connectScripted(blocking());
    feed(script.userText('say it'));
    for (let i = 0; i < 3; i++) {
      feed(script.spoken('harm again').events);
      await settle();
    }
    expect(of('guardrail_tripped').map((e) => e.retrying)).toEqual([true, true, false]);
    expect(systemItems(transport.sentOf('conversation.item.create'))).toBe(2);
    expect(transport.sentOf('response.create')).toHaveLength(2);
    // a new user turn: the model may be asked again
    feed(script.userText('and now?'));
    feed(script.spoken('harm once more').events);
    await settle();
    expect(of('guardrail_tripped').at(-1)?.retrying).toBe(true);
    expect(systemItems(transport.sentOf('conversation.item.create'))).toBe(3);
  });

  it('a custom policy is told the attempt, and its delay is waited before asking', async () => {
    const seen: GuardrailRetryContext[] = [];
    let askedAt = 0;
    const policy = (c: GuardrailRetryContext) => {
      seen.push(c);
      askedAt = performance.now();
      return c.attempt === 1 ? 30 : null;
    };
    const { transport, script, feed } = await connectScripted(blocking(), {
      guardrails: { retryPolicy: policy },
    });
    // when the re-ask is sent, measured against when the policy answered (a lower bound: a busy
    // machine may run the timer late, never early)
    let sentAt = 0;
    const send = transport.send.bind(transport);
    transport.send = (e) => {
      if (e.type === 'conversation.item.create' && systemItems([e]) === 1) sentAt ||= performance.now();
      send(e);
    };
    feed(script.spoken('harm').events);
    await vi.waitFor(() => expect(systemItems(transport.sentOf('conversation.item.create'))).toBe(1));
    expect(seen.map(({ attempt, guardrail, output }) => ({ attempt, guardrail, output }))).toEqual([
      { attempt: 1, guardrail: 'no_harm', output: 'harm' },
    ]);
    expect(sentAt - askedAt).toBeGreaterThanOrEqual(25); // timers may fire up to ~1 ms early
  });

  it('a policy that throws or returns a bad value stops asking and says why in an error event', async () => {
    const bad = [
      () => {
        throw new Error('boom');
      },
      () => -1,
    ];
    for (const policy of bad) {
      const { transport, script, feed, settle, of } = await connectScripted(blocking(), {
        guardrails: { retryPolicy: policy },
      });
      feed(script.spoken('harm').events);
      await settle();
      expect(of('guardrail_tripped')[0]?.retrying).toBe(false);
      expect(of('error')[0]?.error.message).toMatch(/guardrails\.retryPolicy (threw: boom|returned -1)/);
      expect(systemItems(transport.sentOf('conversation.item.create'))).toBe(0);
    }
  });

  it('guardrailRetryLimit(n) allows n re-asks; the option must be a function', () => {
    const limit = guardrailRetryLimit(1);
    const ctx = { guardrail: 'g', agent: blocking(), output: '' };
    expect([limit({ ...ctx, attempt: 1 }), limit({ ...ctx, attempt: 2 })]).toEqual([0, null]);
    expect(() => new RealtimeRunner({ guardrails: { retryPolicy: 3 as never } })).toThrow(
      /guardrails\.retryPolicy: expected a function/,
    );
  });
});

describe('transcript events', () => {
  it('assistant transcripts carry their responseId; user transcripts have none', async () => {
    const { script, feed, settle, of } = await connectScripted(new RealtimeAgent({ name: 'A' }));
    feed(script.userText('hi'));
    feed(script.spoken('Hello there', { chunks: 2, responseId: 'resp_x' }).events);
    await settle();
    const t = of('transcript');
    expect(t.filter((e) => e.role === 'assistant').map((e) => e.responseId)).toEqual([
      'resp_x',
      'resp_x',
      'resp_x',
    ]);
    expect(t.filter((e) => e.role === 'user').map((e) => e.responseId)).toEqual([undefined]);
  });
});
