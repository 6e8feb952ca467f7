/**
 * Owns `response.create`: never sends one while a response is active or requested, coalesces
 * requests made meanwhile into one, and waits for outstanding tool calls before asking again.
 * @module
 */
import type { ResponseCreateParams } from './protocol/client-events.js';

export interface SequencerDeps {
  send(eventId: string, params: ResponseCreateParams | undefined): void;
  nextEventId(): string;
}

const UNSEEN = '(unseen response)';

export class ResponseSequencer {
  /**
   * Responses created and not done yet. A set, not one slot: an out-of-band response may run beside
   * the conversation's, and its `response.done` must not free the conversation's response.
   */
  readonly #active = new Set<string>();
  #requested: string | null = null;
  #pending = false;
  #pendingParams: ResponseCreateParams | undefined;
  #holds = 0;
  readonly #deps: SequencerDeps;

  constructor(deps: SequencerDeps) {
    this.#deps = deps;
  }

  /** The id of the response in progress, if any. */
  get activeResponseId(): string | null {
    let last: string | null = null;
    for (const id of this.#active) if (id !== UNSEEN) last = id;
    return last;
  }

  /** Ask for a response; sent now if possible, else once the current one is done. */
  request(params?: ResponseCreateParams): void {
    this.#pending = true;
    if (params) this.#pendingParams = params;
    this.#flush();
  }

  /** Hold requests back (a tool call is running). */
  hold(): void {
    this.#holds++;
  }

  release(): void {
    if (this.#holds > 0) this.#holds--;
    this.#flush();
  }

  created(responseId: string): void {
    // the response we did not see has shown itself
    this.#active.delete(UNSEEN);
    this.#active.add(responseId);
    this.#requested = null;
  }

  done(responseId: string): void {
    if (!this.#active.delete(responseId)) this.#active.delete(UNSEEN);
    this.#flush();
  }

  /** An `error` event answered one of our client events. */
  failed(eventId: string | null | undefined, code: string | null): void {
    if (!eventId || eventId !== this.#requested) return;
    this.#requested = null;
    if (code === 'conversation_already_has_active_response') {
      this.#pending = true;
      // Some response we have not seen yet is running: wait for its response.done.
      if (this.#active.size === 0) this.#active.add(UNSEEN);
    }
    this.#flush();
  }

  /** True while a response runs, is asked for, waits to be asked for, or a tool call holds requests. */
  get busy(): boolean {
    return this.#active.size > 0 || this.#requested !== null || this.#pending || this.#holds > 0;
  }

  /**
   * The connection dropped: the server's response is gone. A request it never answered is asked
   * again on the next connection; running tool calls keep holding.
   */
  connectionLost(): void {
    if (this.#requested !== null) this.#pending = true;
    this.#active.clear();
    this.#requested = null;
  }

  /** Connected again: send a request that was waiting. */
  resume(): void {
    this.#flush();
  }

  /** Forget everything (connection closed). */
  reset(): void {
    this.#active.clear();
    this.#requested = null;
    this.#pending = false;
    this.#pendingParams = undefined;
    this.#holds = 0;
  }

  #flush(): void {
    if (!this.#pending || this.#active.size > 0 || this.#requested !== null || this.#holds > 0) return;
    this.#pending = false;
    const params = this.#pendingParams;
    this.#pendingParams = undefined;
    const id = this.#deps.nextEventId();
    this.#requested = id;
    this.#deps.send(id, params);
  }
}
