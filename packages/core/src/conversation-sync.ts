/**
 * The local mirror of the conversation kept in step with the server: items as they are added,
 * changed, truncated or deleted, and the transcripts of both sides as they stream. It also cuts
 * the answer in progress when a connection drops, keeping what the listener really heard.
 * @module
 */
import { heardText } from './heard-text.js';
import { ProtocolError } from './errors.js';
import type { SessionEvent } from './events.js';
import type { GuardrailRetries } from './guardrail-retry.js';
import type { History, HistoryMessage } from './history.js';
import type { PlaybackControl } from './playback-control.js';
import type { Item } from './protocol/items.js';
import type { ServerEvent } from './protocol/server-events.js';
import type { ResponseTracker } from './response-tracker.js';
import type { SentItems } from './sent-items.js';
import type { Transcripts } from './transcripts.js';

/** The parts the conversation mirror works with. */
export interface ConversationSyncDeps {
  history: History;
  transcripts: Transcripts;
  sent: SentItems;
  guardrailRetries: GuardrailRetries;
  responses: Pick<ResponseTracker<unknown>, 'text' | 'cut' | 'currentId'>;
  playback: PlaybackControl;
  emit(event: SessionEvent): void;
  /** `historyStoreAudio`: fetch each final spoken item's audio (`conversation.item.retrieve`). */
  retrieveAudio?: (itemId: string) => void;
}

/** A message with an audio part (its audio can be retrieved). */
const spoken = (item: Item): boolean =>
  item.type === 'message' &&
  (item as Extract<Item, { type: 'message' }>).content.some(
    (c) => c.type === 'input_audio' || c.type === 'output_audio',
  );

/**
 * Keeps `session.history` and the transcripts.
 * @example
 * const sync = new ConversationSync(deps);
 * if (!sync.route(serverEvent)) handleElsewhere(serverEvent);
 */
export class ConversationSync {
  readonly #d: ConversationSyncDeps;
  /** Assistant items a drop cut off: they stay `incomplete` when the re-seed echoes them back. */
  readonly #cutItems = new Set<string>();

  constructor(deps: ConversationSyncDeps) {
    this.#d = deps;
  }

  /** Handle `e` if it is about items or transcripts; false when it is not. */
  route(e: ServerEvent): boolean {
    const { history, transcripts } = this.#d;
    switch (e.type) {
      case 'conversation.item.added':
        this.#arrived(e.item, e.previous_item_id);
        return true;
      case 'conversation.item.done':
        this.#arrived(e.item, e.previous_item_id);
        if (spoken(e.item)) this.#d.retrieveAudio?.(e.item.id);
        return true;
      case 'conversation.item.retrieved':
        if (history.get(e.item.id) && history.upsert(e.item)) this.#updated();
        return true;
      case 'conversation.item.deleted':
        if (history.remove(e.item_id)) this.#updated();
        return true;
      case 'conversation.item.truncated':
        if (history.setStatus(e.item_id, 'incomplete')) this.#updated();
        this.#d.retrieveAudio?.(e.item_id); // the audio is shorter now
        return true;
      case 'conversation.item.input_audio_transcription.delta':
        transcripts.delta('user', e.item_id, e.delta);
        return true;
      case 'conversation.item.input_audio_transcription.completed':
        transcripts.done('user', e.item_id, e.transcript);
        if (history.setText(e.item_id, e.transcript)) this.#updated();
        return true;
      case 'conversation.item.input_audio_transcription.failed': {
        const message = `Transcription of ${e.item_id} failed: ${e.error.message}`;
        const error = new ProtocolError(e.error.code ?? 'transcription_failed', message, e);
        this.#d.emit({ type: 'error', error });
        return true;
      }
      case 'response.output_audio_transcript.delta':
      case 'response.output_text.delta':
        transcripts.delta('assistant', e.item_id, e.delta, e.response_id);
        this.#d.responses.text(e.response_id, e.delta);
        return true;
      case 'response.output_audio_transcript.done':
      case 'response.output_text.done': {
        const text = e.type === 'response.output_text.done' ? e.text : e.transcript;
        transcripts.done('assistant', e.item_id, text, e.response_id);
        if (history.setText(e.item_id, text)) this.#updated();
        return true;
      }
      default:
        return false;
    }
  }

  /**
   * The connection dropped: each open assistant transcript ends `incomplete` with the words really
   * heard, playback stops and the response ends `incomplete`.
   */
  cutAnswer(): void {
    const { history, transcripts, playback, responses } = this.#d;
    const cut = playback.snapshot();
    let changed = false;
    for (const [itemId, text] of [...transcripts.open()]) {
      const item = history.get(itemId);
      if (item?.type !== 'message' || (item as HistoryMessage).role !== 'assistant') continue;
      const played = cut.position?.itemId === itemId ? cut.position.playedMs : null;
      const heard = heardText(text, played, cut.receivedMs(itemId));
      changed = history.setText(itemId, heard) || changed;
      changed = history.setStatus(itemId, 'incomplete') || changed;
      this.#cutItems.add(itemId);
      transcripts.done('assistant', itemId, heard, responses.currentId ?? undefined);
    }
    playback.dropped(cut);
    responses.cut();
    if (changed) this.#updated();
  }

  #arrived(raw: Item, previousId: string | null | undefined): void {
    const { history } = this.#d;
    const change = history.upsert(raw, previousId);
    if (this.#cutItems.has(raw.id)) history.setStatus(raw.id, 'incomplete');
    const item = history.get(raw.id);
    if (!item) return;
    if (change === 'added') {
      this.#d.sent.echoed(item);
      this.#d.emit({ type: 'history_added', item });
      const m = item as HistoryMessage;
      if (m.type === 'message' && m.role === 'user') {
        this.#d.guardrailRetries.userTurn();
        if (typeof m.text === 'string' && m.content.some((c) => c.type === 'input_text'))
          this.#d.transcripts.done('user', m.itemId, m.text);
      }
    }
    if (change) this.#updated();
  }

  #updated(): void {
    this.#d.emit({ type: 'history_updated', history: this.#d.history.items });
  }
}
