/**
 * `useTranscript()`: the conversation's messages as they stream in.
 * @module
 */
import { useSlice } from './provider.js';
import type { TranscriptMessage } from './transcript-model.js';

/**
 * User and assistant messages in order: typed text and transcripts, with `streaming` while the
 * text arrives and `interrupted` when an answer was cut off. Resets on each new connection.
 * @example
 * const messages = useTranscript();
 * return <ul>{messages.map((m) => <li key={m.id}>{m.role}: {m.text}{m.streaming && '…'}</li>)}</ul>;
 */
export function useTranscript(): readonly TranscriptMessage[] {
  return useSlice('useTranscript', (s) => s.transcript);
}
