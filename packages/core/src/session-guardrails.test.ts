import { describe, expect, it } from 'vitest';
import { RealtimeAgent } from './agent.js';
import { outputGuardrail } from './guardrail.js';
import { connectScripted } from './testing/connect-scripted.js';
import { pcm16ToBase64 } from './testing/server-script.js';

function agentWith(check: (text: string) => boolean, calls: string[] = []) {
  return new RealtimeAgent({
    name: 'Safe',
    outputGuardrails: [
      outputGuardrail({
        name: 'no_harm',
        execute: (_ctx, _agent, output) => {
          calls.push(output);
          return { tripwireTriggered: check(output), outputInfo: { matched: 'harmful' } };
        },
      }),
    ],
  });
}

describe('output guardrails', () => {
  it('trips on a response shorter than the debounce length (checked at response.done)', async () => {
    const calls: string[] = [];
    const { transport, script, feed, settle, of } = await connectScripted(
      agentWith((t) => t.includes('harmful'), calls),
    );
    feed(script.spoken('That is harmful.', { chunks: 3 }).events);
    await settle();
    expect(calls).toEqual(['That is harmful.']);
    expect(of('guardrail_tripped')[0]).toMatchObject({
      guardrail: 'no_harm',
      output: 'That is harmful.',
      outputInfo: { matched: 'harmful' },
    });
    const sys = transport.sentOf('conversation.item.create').at(-1)?.item as {
      role: string;
      content: Array<{ text: string }>;
    };
    expect(sys.role).toBe('system');
    expect(sys.content[0]?.text).toContain("blocked by the output guardrail 'no_harm'");
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('runs every debounceTextLength characters while the answer streams, and once at the end', async () => {
    const calls: string[] = [];
    const { script, feed, settle } = await connectScripted(
      agentWith(() => false, calls),
      { guardrails: { debounceTextLength: 10 } },
    );
    feed(script.spoken('x'.repeat(35), { chunks: 7 }).events);
    await settle();
    expect(calls.map((c) => c.length)).toEqual([10, 20, 30, 35]);
  });

  it('trips mid-stream: interrupts (cancel + truncate at the played position) and asks again after done', async () => {
    const { transport, script, feed, settle, of } = await connectScripted(
      agentWith((t) => t.includes('BAD')),
      { guardrails: { debounceTextLength: 5 } },
    );
    const audio = pcm16ToBase64(new Int16Array(24000));
    const r = script.spoken('fine fine BAD stuff and more', { chunks: 6, audio: [audio], done: false });
    feed(r.events.slice(0, 6));
    transport.play(250);
    feed(r.events.slice(6));
    await settle();
    expect(of('guardrail_tripped')).toHaveLength(1);
    expect(transport.sentOf('response.cancel')[0]).toMatchObject({ response_id: r.responseId });
    expect(transport.sentOf('conversation.item.truncate')[0]).toMatchObject({
      item_id: r.itemId,
      audio_end_ms: 250,
    });
    expect(of('audio_interrupted')[0]).toMatchObject({ itemId: r.itemId, playedMs: 250 });
    expect(transport.sentOf('response.create')).toHaveLength(0);
    feed([
      script.event('response.done', {
        response: script.response(r.responseId, 'cancelled', [], null, 'client_cancelled'),
      }),
    ]);
    await settle();
    expect(transport.sentOf('response.create')).toHaveLength(1);
  });

  it('trips at most once per response', async () => {
    const { script, feed, settle, of } = await connectScripted(
      agentWith(() => true),
      { guardrails: { debounceTextLength: 3 } },
    );
    feed(script.spoken('a'.repeat(30), { chunks: 10 }).events);
    await settle();
    expect(of('guardrail_tripped')).toHaveLength(1);
  });

  it('a throwing guardrail is an error event, not an exception, and does not trip', async () => {
    const a = new RealtimeAgent({
      name: 'G',
      outputGuardrails: [
        outputGuardrail({
          name: 'flaky',
          execute: () => {
            throw new Error('model down');
          },
        }),
      ],
    });
    const { script, feed, settle, of } = await connectScripted(a);
    feed(script.spoken('hello').events);
    await settle();
    expect(of('error')[0]?.error.message).toContain("Output guardrail 'flaky' threw: model down");
    expect(of('guardrail_tripped')).toHaveLength(0);
  });

  it('uses server-managed interrupt (cancel + output_audio_buffer.clear) over WebRTC', async () => {
    const { transport, script, feed, settle } = await connectScripted(
      agentWith((t) => t.includes('BAD')),
      { guardrails: { debounceTextLength: 3 } },
      { serverManagedAudio: true },
    );
    const r = script.spoken('BAD words', { chunks: 3, done: false });
    feed(r.events);
    await settle();
    expect(transport.sentOf('response.cancel')).toHaveLength(1);
    expect(transport.sentOf('output_audio_buffer.clear')).toHaveLength(1);
    expect(transport.sentOf('conversation.item.truncate')).toHaveLength(0);
  });

  it('passes text-modality output through guardrails too', async () => {
    const calls: string[] = [];
    const { script, feed, settle } = await connectScripted(
      agentWith(() => false, calls),
      { modalities: ['text'] },
    );
    const ref = { response_id: 'r1', item_id: 'i1', output_index: 0, content_index: 0 };
    feed([
      script.created('r1'),
      script.event('response.output_text.delta', { ...ref, delta: 'plain text' }),
      script.event('response.output_text.done', { ...ref, text: 'plain text' }),
      script.event('response.done', { response: script.response('r1', 'completed') }),
    ]);
    await settle();
    expect(calls).toEqual(['plain text']);
  });
});
