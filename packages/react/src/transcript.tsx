/**
 * `<Transcript>`: the conversation as an accessible live list, unstyled.
 * @module
 */
import type { HTMLAttributes, ReactNode } from 'react';
import type { TranscriptMessage } from './transcript-model.js';
import { useTranscript } from './use-transcript.js';

/** Props of {@link Transcript}: an `<ol>`'s, plus how to draw a message. */
export interface TranscriptProps extends Omit<HTMLAttributes<HTMLOListElement>, 'children'> {
  /** Draw one message yourself (inside its `<li>`). */
  renderMessage?: (message: TranscriptMessage) => ReactNode;
  /** Class of each `<li>`, or a function of the message. */
  messageClassName?: string | ((message: TranscriptMessage) => string);
}

/**
 * The messages of {@link useTranscript} in an `<ol role="log" aria-live="polite">`. Each `<li>` has
 * `data-role`, `data-streaming` and `data-interrupted` to style on.
 * @example
 * <Transcript className="chat" messageClassName={(m) => `msg ${m.role}`} />
 */
export function Transcript({ renderMessage, messageClassName, ...rest }: TranscriptProps) {
  const messages = useTranscript();
  return (
    <ol role="log" aria-live="polite" aria-label="Conversation" {...rest}>
      {messages.map((m) => (
        <li
          key={m.id}
          data-role={m.role}
          data-streaming={m.streaming}
          data-interrupted={m.interrupted}
          aria-busy={m.streaming}
          className={typeof messageClassName === 'function' ? messageClassName(m) : messageClassName}
        >
          {renderMessage ? (
            renderMessage(m)
          ) : (
            <>
              <span data-part="role">{m.role === 'user' ? 'You' : 'Agent'}: </span>
              <span data-part="text">{m.text}</span>
              {m.interrupted && <span data-part="interrupted"> (interrupted)</span>}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
