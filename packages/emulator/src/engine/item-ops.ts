/**
 * Conversation item operations of a session (protocol §5.5–5.8, §6.3): create, retrieve (with audio
 * bytes), truncate (client or server initiated), and input transcription of committed audio.
 * @module
 */
import type { Item, Session } from '@realtime-agents/core/protocol';
import { decodeToPcm24k, encodeFromPcm24k } from '../audio/formats.js';
import { newId } from '../ids.js';
import { apiErrors } from './api-error.js';
import { type ClientEventObject, checkNewItem } from './client-event-check.js';
import type { Conversation } from './conversation.js';
import { placeholderTranscript, type Transcriber } from './transcriber.js';

/** What the item operations need from their session. */
export interface ItemContext {
  readonly conversation: Conversation;
  readonly session: Session;
  /** Transcripts (or placeholders) of user audio items, for the brain. */
  readonly transcripts: Map<string, Promise<string>>;
  readonly transcriber?: Transcriber;
  readonly closed: boolean;
  emit(event: Record<string, unknown>): void;
}

/** `conversation.item.create`: validate, insert, announce added + done. */
export function createItem(ctx: ItemContext, e: ClientEventObject): void {
  const prevId = e.previous_item_id as string | null | undefined;
  if (prevId !== undefined && prevId !== null && prevId !== 'root' && !ctx.conversation.has(prevId))
    throw apiErrors.previousItemNotFound(prevId);
  const input = checkNewItem(e.item, ctx.conversation);
  const item = { id: (input.id as string | undefined) ?? newId.item(), ...structuredClone(input) } as Record<
    string,
    unknown
  >;
  let audio: Int16Array | undefined;
  if (item.type === 'message') {
    item.status = 'completed';
    item.content = (item.content as Array<Record<string, unknown>>).map((part) => {
      if (part.type === 'input_audio') {
        if (typeof part.audio === 'string')
          audio = decodeToPcm24k(Buffer.from(part.audio, 'base64'), ctx.session.audio.input.format);
        return { type: 'input_audio', transcript: (part.transcript as string | undefined) ?? null };
      }
      if (part.type === 'text') return { type: 'output_text', text: part.text };
      return part;
    });
  } else if (item.type === 'function_call') {
    item.status = 'completed';
    item.arguments = item.arguments ?? '';
  }
  const stored = { item: item as unknown as Item, ...(audio ? { audio } : {}) };
  const prev = ctx.conversation.insert(stored, prevId === undefined ? undefined : prevId);
  if (audio) ctx.transcripts.set(item.id as string, Promise.resolve(placeholderTranscript(audio.length)));
  ctx.emit({ type: 'conversation.item.added', previous_item_id: prev, item });
  ctx.emit({ type: 'conversation.item.done', previous_item_id: prev, item });
}

/** `conversation.item.retrieve`: the item with its audio bytes in the session's format. */
export function retrieveItem(ctx: ItemContext, itemId: string): void {
  const stored = ctx.conversation.get(itemId);
  if (!stored) throw apiErrors.itemNotFound(itemId);
  const item = structuredClone(stored.item) as Record<string, unknown>;
  if (item.type === 'message' && stored.audio) {
    const format =
      item.role === 'assistant' ? ctx.session.audio.output.format : ctx.session.audio.input.format;
    const audio = encodeFromPcm24k(stored.audio, format).toString('base64');
    item.content = (item.content as Array<Record<string, unknown>>).map((p) =>
      p.type === 'input_audio' || p.type === 'output_audio' ? { ...p, audio } : p,
    );
  }
  ctx.emit({ type: 'conversation.item.retrieved', item });
}

/** `conversation.item.truncate` from the client: validate against the item's audio, then truncate. */
export function truncateRequest(ctx: ItemContext, e: ClientEventObject): void {
  const itemId = e.item_id as string;
  const stored = ctx.conversation.get(itemId);
  if (!stored) throw apiErrors.truncateNotFound(itemId);
  const content = (stored.item as { content?: Array<{ type: string }> }).content;
  if (stored.item.type !== 'message' || content?.[0]?.type !== 'output_audio')
    throw apiErrors.truncateNotAudio();
  const ms = e.audio_end_ms;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0)
    throw apiErrors.invalidValue('audio_end_ms', ms);
  if (e.content_index !== 0) throw apiErrors.invalidValue('content_index', e.content_index);
  const haveMs = Math.floor((stored.audio?.length ?? 0) / 24);
  if (ms > haveMs) throw apiErrors.truncateBeyondAudio(haveMs, ms);
  truncateItem(ctx, itemId, ms);
}

/** Cut an assistant item's audio at `ms`, clear its transcript, tell the client. */
export function truncateItem(ctx: ItemContext, itemId: string, ms: number): void {
  const stored = ctx.conversation.get(itemId);
  if (stored) {
    if (stored.audio) stored.audio = stored.audio.slice(0, ms * 24);
    const parts = (stored.item as { content?: Array<Record<string, unknown>> }).content ?? [];
    for (const p of parts) if (p.type === 'output_audio') p.transcript = '';
  }
  ctx.emit({ type: 'conversation.item.truncated', item_id: itemId, content_index: 0, audio_end_ms: ms });
}

/**
 * Transcribe committed user audio (or use the placeholder); with transcription enabled, send the
 * delta (not for whisper-1) and completed events, or failed when the transcriber throws.
 */
export function transcribeItem(ctx: ItemContext, itemId: string, audio: Int16Array): void {
  const config = ctx.session.audio.input.transcription;
  const transcriber = ctx.transcriber;
  const placeholder = placeholderTranscript(audio.length);
  let failure: Error | null = null;
  const text = transcriber
    ? Promise.resolve()
        .then(() =>
          transcriber.transcribe(audio, {
            model: config?.model ?? 'gpt-4o-mini-transcribe',
            language: config?.language,
            prompt: config?.prompt,
          }),
        )
        .catch((error: unknown) => {
          failure = error instanceof Error ? error : new Error(String(error));
          return placeholder;
        })
    : Promise.resolve(placeholder);
  ctx.transcripts.set(itemId, text);
  if (!config) return;
  void text.then((transcript) => {
    if (ctx.closed) return;
    if (failure) {
      ctx.emit({
        type: 'conversation.item.input_audio_transcription.failed',
        item_id: itemId,
        content_index: 0,
        error: {
          type: 'transcription_error',
          code: 'transcriber_failed',
          message: failure.message,
          param: null,
        },
      });
      return;
    }
    const stored = ctx.conversation.get(itemId);
    const part = (stored?.item as { content?: Array<Record<string, unknown>> } | undefined)?.content?.[0];
    if (part) part.transcript = transcript;
    if (config.model !== 'whisper-1') {
      ctx.emit({
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: itemId,
        content_index: 0,
        delta: transcript,
        obfuscation: newId.obfuscation(transcript.length),
      });
    }
    const audioTokens = Math.ceil(audio.length / 2400);
    const outTokens = Math.ceil(transcript.length / 4);
    ctx.emit({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript,
      usage: {
        type: 'tokens',
        total_tokens: audioTokens + outTokens,
        input_tokens: audioTokens,
        input_token_details: { text_tokens: 0, audio_tokens: audioTokens },
        output_tokens: outTokens,
      },
    });
  });
}
