/**
 * The transcript as a list of messages, folded from session events (pure, no React).
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';

/** One user or assistant message of the conversation. */
export interface TranscriptMessage {
  /** The conversation item id. */
  id: string;
  role: 'user' | 'assistant';
  /** The text typed, or the transcript so far. */
  text: string;
  /** True while the text is still arriving (or the user's speech is not transcribed yet). */
  streaming: boolean;
  /** True when the answer was cut off (barge-in, `interrupt()`, a guardrail or a dropped link). */
  interrupted: boolean;
  /** The response an assistant message belongs to. */
  responseId?: string;
}

type Messages = readonly TranscriptMessage[];

/**
 * The messages after `event`; the same array when the event changes nothing.
 * @example
 * let messages: readonly TranscriptMessage[] = [];
 * session.on('*', (e) => (messages = reduceTranscript(messages, e)));
 */
export function reduceTranscript(messages: Messages, event: SessionEvent): Messages {
  switch (event.type) {
    case 'history_added': {
      const item = event.item;
      if (item.type !== 'message' || !('role' in item) || item.role === 'system') return messages;
      if (messages.some((m) => m.id === item.itemId)) return messages;
      const text = item.text ?? '';
      const streaming = item.status === 'in_progress' || (item.role === 'user' && item.text === null);
      return [...messages, { id: item.itemId, role: item.role, text, streaming, interrupted: false }];
    }
    case 'transcript': {
      const { itemId, role, text, final, responseId } = event;
      const next = { text, streaming: !final, ...(responseId && { responseId }) };
      const m = messages.find((x) => x.id === itemId);
      if (!m) return [...messages, { id: itemId, role, interrupted: false, ...next }];
      // deltas already on the way when the answer was cut do not make it stream again
      return update(messages, (x) => x === m, m.interrupted ? { ...next, streaming: false } : next);
    }
    case 'history_updated': {
      let out = messages;
      for (const item of event.history) {
        if (item.type !== 'message' || !('role' in item)) continue;
        if (item.status === 'incomplete')
          out = update(out, (m) => m.id === item.itemId, { streaming: false, interrupted: true });
        else if (item.text)
          out = update(out, (m) => m.id === item.itemId && m.text === '', {
            text: item.text,
            streaming: false,
          });
      }
      return out;
    }
    case 'audio_interrupted':
      return update(messages, (m) => m.id === event.itemId, { streaming: false, interrupted: true });
    case 'agent_end': {
      const cut = event.status === 'cancelled' || event.status === 'incomplete';
      return update(messages, (m) => m.responseId === event.responseId && (m.streaming || cut), {
        streaming: false,
        ...(cut && { interrupted: true }),
      });
    }
    default:
      return messages;
  }
}

/** A copy with `patch` applied to the matching messages; the same array when nothing changed. */
function update(
  messages: Messages,
  match: (m: TranscriptMessage) => boolean,
  patch: Partial<TranscriptMessage>,
): Messages {
  let changed = false;
  const out = messages.map((m) => {
    if (!match(m)) return m;
    const keys = Object.keys(patch) as Array<keyof TranscriptMessage>;
    if (keys.every((k) => m[k] === patch[k])) return m;
    changed = true;
    return { ...m, ...patch };
  });
  return changed ? out : messages;
}
