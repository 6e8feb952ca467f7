/**
 * Well-formed GA server-event streams as fast-check arbitraries: user turns (typed and spoken),
 * text and audio answers, function calls (every fuzz tool, handoffs, an unknown tool), server
 * errors, pauses and the user typing meanwhile. Built with `ServerScript`, so ids are unique.
 * @module
 */
import fc from 'fast-check';
import { ServerScript, pcm16ToBase64 } from '../testing/server-script.js';
import { FUZZ_TOOLS, GUARDRAIL_THROW_WORD, TRIP_WORD } from './fuzz-agent.js';
import { type Step, feed } from './step.js';

export type Turn =
  | { kind: 'user'; text: string }
  | { kind: 'speech'; text: string }
  | { kind: 'text'; text: string; chunks: number }
  | { kind: 'audio'; text: string; chunks: number; samples: number[] }
  | { kind: 'calls'; tools: string[] }
  | { kind: 'error'; code: string | null; eventRef: number | null }
  | { kind: 'oob'; text: string; inside: boolean }
  | { kind: 'say'; text: string }
  | { kind: 'settle' };

const word = fc.constantFrom('hello', 'sunny', 'in', 'Oslo', TRIP_WORD, GUARDRAIL_THROW_WORD, 'é', '🙂');
const sentence = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

/** Codes the session treats specially, and one it does not. */
const ERROR_CODES = [
  null,
  'invalid_value',
  'conversation_already_has_active_response',
  'response_cancel_not_active',
  'session_expired',
];

export const turnArbitrary: fc.Arbitrary<Turn> = fc.oneof(
  fc.record({ kind: fc.constant('user' as const), text: sentence }),
  fc.record({ kind: fc.constant('speech' as const), text: sentence }),
  fc.record({ kind: fc.constant('text' as const), text: sentence, chunks: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('audio' as const),
    text: sentence,
    chunks: fc.integer({ min: 1, max: 3 }),
    samples: fc.array(fc.integer({ min: 1, max: 480 }), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('calls' as const),
    tools: fc.array(fc.constantFrom(...FUZZ_TOOLS), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('error' as const),
    code: fc.constantFrom(...ERROR_CODES),
    // `cli_N`: the session numbers its client events so; a match makes the error answer one of them
    eventRef: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('oob' as const), text: sentence, inside: fc.boolean() }),
  fc.record({ kind: fc.constant('say' as const), text: sentence }),
  fc.constant({ kind: 'settle' as const }),
);

/** A text (not audio) answer: the `response.output_text.*` events. */
function textAnswer(script: ServerScript, text: string, chunks: number): object[] {
  const responseId = script.id('resp');
  const itemId = script.id('item');
  const ref = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  const started = { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  const done = { ...started, status: 'completed', content: [{ type: 'output_text', text }] };
  const size = Math.ceil(text.length / chunks);
  const deltas: object[] = [];
  for (let i = 0; i < text.length; i += size)
    deltas.push(script.event('response.output_text.delta', { ...ref, delta: text.slice(i, i + size) }));
  return [
    script.created(responseId),
    script.event('response.output_item.added', { response_id: responseId, output_index: 0, item: started }),
    script.event('conversation.item.added', { previous_item_id: null, item: started }),
    script.event('response.content_part.added', { ...ref, part: { type: 'text', text: '' } }),
    ...deltas,
    script.event('response.output_text.done', { ...ref, text }),
    script.event('response.content_part.done', { ...ref, part: { type: 'text', text } }),
    script.event('response.output_item.done', { response_id: responseId, output_index: 0, item: done }),
    script.event('conversation.item.done', { previous_item_id: null, item: done }),
    script.event('response.done', {
      response: script.response(responseId, 'completed', [done as never], script.usage()),
    }),
  ];
}

/** An out-of-band response (`conversation: "none"`): no conversation items, `conversation_id: null`. */
function outOfBand(script: ServerScript, text: string): object[] {
  const responseId = script.id('resp');
  const itemId = script.id('item');
  const ref = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  const item = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [] };
  const oob = (r: object) => ({ ...r, conversation_id: null, metadata: { topic: 'oob' } });
  return [
    script.event('response.created', { response: oob(script.response(responseId, 'in_progress')) }),
    script.event('response.output_item.added', { response_id: responseId, output_index: 0, item }),
    script.event('response.output_text.delta', { ...ref, delta: text }),
    script.event('response.output_text.done', { ...ref, text }),
    script.event('response.done', {
      response: oob(script.response(responseId, 'completed', [item as never], script.usage())),
    }),
  ];
}

/** A spoken user turn as server VAD reports it: speech, commit, item, transcription. */
function speech(script: ServerScript, text: string): object[] {
  const itemId = script.id('item');
  const item = {
    id: itemId,
    type: 'message',
    status: 'completed',
    role: 'user',
    content: [{ type: 'input_audio', transcript: null }],
  };
  const ref = { item_id: itemId, content_index: 0 };
  return [
    script.event('input_audio_buffer.speech_started', { audio_start_ms: 100, item_id: itemId }),
    script.event('input_audio_buffer.speech_stopped', { audio_end_ms: 900, item_id: itemId }),
    script.event('input_audio_buffer.committed', { item_id: itemId, previous_item_id: null }),
    script.event('conversation.item.added', { previous_item_id: null, item }),
    script.event('conversation.item.input_audio_transcription.delta', { ...ref, delta: text }),
    script.event('conversation.item.input_audio_transcription.completed', { ...ref, transcript: text }),
  ];
}

function samplesBase64(counts: number[]): string[] {
  return counts.map((n) =>
    pcm16ToBase64(Int16Array.from({ length: n }, (_, i) => ((i * 997) % 65536) - 32768)),
  );
}

/** The server events (and client steps) of some turns. Call ids are tagged into the arguments. */
export function buildSteps(turns: readonly Turn[]): Step[] {
  const script = new ServerScript();
  const steps: Step[] = [];
  const push = (events: object[]) => {
    for (const e of events) steps.push(feed(e));
  };
  for (const t of turns) {
    switch (t.kind) {
      case 'user':
        push(script.userText(t.text));
        break;
      case 'speech':
        push(speech(script, t.text));
        break;
      case 'text':
        push(textAnswer(script, t.text, t.chunks));
        break;
      case 'audio':
        push(script.spoken(t.text, { chunks: t.chunks, audio: samplesBase64(t.samples) }).events);
        break;
      case 'calls':
        push(
          script.functionCalls(
            t.tools.map((name) => {
              const callId = script.id('call');
              return { name, callId, arguments: JSON.stringify({ tag: callId }) };
            }),
          ).events,
        );
        break;
      case 'error':
        push([
          script.event('error', {
            error: {
              type: 'invalid_request_error',
              code: t.code,
              message: `fuzzed ${t.code}`,
              param: null,
              event_id: t.eventRef === null ? null : `cli_${t.eventRef}`,
            },
          }),
        ]);
        break;
      case 'oob': {
        // `inside`: while the last default-conversation response still runs (right after its start)
        const events = outOfBand(script, t.text).map(feed);
        const last = steps.findLastIndex(
          (x) => x.kind === 'feed' && (x.wire as { type?: string }).type === 'response.created',
        );
        steps.splice(t.inside && last >= 0 ? last + 1 : steps.length, 0, ...events);
        break;
      }
      case 'say':
        steps.push({ kind: 'say', text: t.text });
        break;
      case 'settle':
        steps.push({ kind: 'settle' });
        break;
    }
  }
  return steps;
}

/**
 * A valid stream: 1–8 turns, fed as objects or (`wire`) as JSON strings the way a WebSocket delivers them.
 * @example
 * fc.assert(fc.property(serverStreamArbitrary, (steps) => steps.length > 0));
 */
export const serverStreamArbitrary: fc.Arbitrary<Step[]> = fc
  .record({ turns: fc.array(turnArbitrary, { minLength: 1, maxLength: 8 }), wire: fc.boolean() })
  .map(({ turns, wire }) =>
    buildSteps(turns).map((s) => (wire && s.kind === 'feed' ? feed(JSON.stringify(s.wire)) : s)),
  );
