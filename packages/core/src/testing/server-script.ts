/**
 * Builders of well-formed GA server event sequences for tests and benchmarks.
 * @module
 */
import type { Item } from '../protocol/items.js';
import type { Response, Usage } from '../protocol/server-events.js';

/** Makes ids and server events; each instance numbers its own ids. */
export class ServerScript {
  #n = 0;
  #last: string | null = null;

  id(prefix: string): string {
    return `${prefix}_${(++this.#n).toString().padStart(6, '0')}`;
  }

  event<T extends object>(type: string, fields: T): { type: string; event_id: string } & T {
    return { type, event_id: this.id('event'), ...fields };
  }

  response(
    id: string,
    status: Response['status'],
    output: Item[] = [],
    usage: Usage | null = null,
    reason?: string,
  ): Response {
    return {
      object: 'realtime.response',
      id,
      status,
      status_details:
        status === 'in_progress' || status === 'completed'
          ? null
          : { type: status, ...(reason && { reason }) },
      output,
      conversation_id: 'conv_1',
      output_modalities: ['audio'],
      max_output_tokens: 'inf',
      audio: { output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' } },
      usage,
      metadata: null,
    };
  }

  usage(input = 10, output = 20): Usage {
    return { total_tokens: input + output, input_tokens: input, output_tokens: output };
  }

  /** A user text item as the server echoes it. */
  userText(text: string, id = this.id('item')): object[] {
    const item = {
      id,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_text', text }],
    };
    const prev = this.#last;
    this.#last = id;
    return [
      this.event('conversation.item.added', { previous_item_id: prev, item }),
      this.event('conversation.item.done', { previous_item_id: prev, item }),
    ];
  }

  /** `response.created` (start of a response). */
  created(responseId: string): object {
    return this.event('response.created', { response: this.response(responseId, 'in_progress') });
  }

  /**
   * A complete assistant response speaking `text` in `chunks` transcript pieces, with `audio`
   * (base64 PCM16 chunks) as WebSocket audio deltas. Returns ids for assertions.
   */
  spoken(
    text: string,
    opts: { chunks?: number; audio?: string[]; responseId?: string; itemId?: string; done?: boolean } = {},
  ) {
    const responseId = opts.responseId ?? this.id('resp');
    const itemId = opts.itemId ?? this.id('item');
    const ref = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
    const prev = this.#last;
    this.#last = itemId;
    const inProgress = { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    const done = {
      ...inProgress,
      status: 'completed',
      content: [{ type: 'output_audio', transcript: text }],
    };
    const events: object[] = [
      this.created(responseId),
      this.event('response.output_item.added', {
        response_id: responseId,
        output_index: 0,
        item: inProgress,
      }),
      this.event('conversation.item.added', { previous_item_id: prev, item: inProgress }),
      this.event('response.content_part.added', { ...ref, part: { type: 'audio', transcript: '' } }),
    ];
    const n = Math.max(1, opts.chunks ?? 1);
    const size = Math.ceil(text.length / n);
    const audio = opts.audio ?? [];
    for (let i = 0; i < Math.max(n, audio.length); i++) {
      const piece = text.slice(i * size, (i + 1) * size);
      if (piece) events.push(this.event('response.output_audio_transcript.delta', { ...ref, delta: piece }));
      if (audio[i]) events.push(this.event('response.output_audio.delta', { ...ref, delta: audio[i] }));
    }
    events.push(
      this.event('response.output_audio.done', ref),
      this.event('response.output_audio_transcript.done', { ...ref, transcript: text }),
      this.event('response.content_part.done', { ...ref, part: { type: 'audio', transcript: text } }),
      this.event('response.output_item.done', { response_id: responseId, output_index: 0, item: done }),
      this.event('conversation.item.done', { previous_item_id: prev, item: done }),
    );
    if (opts.done !== false) {
      events.push(
        this.event('response.done', {
          response: this.response(responseId, 'completed', [done as Item], this.usage()),
        }),
      );
    }
    return { events, responseId, itemId };
  }

  /** A response whose output is function calls (several allowed). */
  functionCalls(
    calls: Array<{ name: string; arguments: string; callId?: string }>,
    opts: { responseId?: string } = {},
  ) {
    const responseId = opts.responseId ?? this.id('resp');
    const events: object[] = [this.created(responseId)];
    const items: Item[] = [];
    calls.forEach((c, i) => {
      const itemId = this.id('item');
      const callId = c.callId ?? this.id('call');
      const prev = this.#last;
      this.#last = itemId;
      const started = {
        id: itemId,
        type: 'function_call',
        status: 'in_progress',
        name: c.name,
        call_id: callId,
        arguments: '',
      };
      const done = { ...started, status: 'completed', arguments: c.arguments };
      items.push(done as Item);
      events.push(
        this.event('response.output_item.added', { response_id: responseId, output_index: i, item: started }),
        this.event('conversation.item.added', { previous_item_id: prev, item: started }),
        this.event('response.function_call_arguments.delta', {
          response_id: responseId,
          item_id: itemId,
          output_index: i,
          call_id: callId,
          delta: c.arguments,
        }),
        this.event('response.function_call_arguments.done', {
          response_id: responseId,
          item_id: itemId,
          output_index: i,
          call_id: callId,
          name: c.name,
          arguments: c.arguments,
        }),
        this.event('response.output_item.done', { response_id: responseId, output_index: i, item: done }),
        this.event('conversation.item.done', { previous_item_id: prev, item: done }),
      );
    });
    events.push(
      this.event('response.done', { response: this.response(responseId, 'completed', items, this.usage()) }),
    );
    return { events, responseId, callIds: items.map((x) => (x as { call_id: string }).call_id) };
  }
}

/** Base64 of PCM16 little-endian samples (no Buffer needed). */
export function pcm16ToBase64(samples: Int16Array): string {
  let bin = '';
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
