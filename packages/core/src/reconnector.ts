/**
 * Continuity of one session: after an unexpected drop, or before the API's session time limit
 * (a rollover), it suspends the session (the answer in progress is cut at what was heard), runs
 * the reconnect loop with the policy, re-seeds each new connection with the conversation, and
 * resumes by sending what was held meanwhile, in order.
 * @module
 */
import { ContinuityWarning, isRetryable } from './continuity.js';
import type { ConversationSync } from './conversation-sync.js';
import { TransportError } from './errors.js';
import type { SessionEvent } from './events.js';
import type { History } from './history.js';
import type { ClientEvent } from './protocol/client-events.js';
import { ReconnectHold } from './reconnect-hold.js';
import { LoopCancel, reconnectLoop } from './reconnect-loop.js';
import type { ReconnectPolicy } from './reconnect-policy.js';
import { planReseed, type ReseedLimits } from './reseed.js';
import type { ResponseSequencer } from './response-sequencer.js';
import type { SentItems } from './sent-items.js';

/** What the reconnector works with. */
export interface ReconnectorDeps {
  /** `false`: drops end the session. */
  policy: ReconnectPolicy | false;
  /** `sendAudio()` audio held while reconnecting at most, and its sample rate. */
  holdMs: number;
  sampleRate: number;
  /** Roll over to a new connection after this many ms (null = never). */
  rolloverAfterMs: number | null;
  reseed: Required<ReseedLimits>;
  /** True when a rollover may start now (nobody speaks, nothing runs). */
  quiet(): boolean;
  /** True while the session is open (not reconnecting, not closed). */
  open(): boolean;
  /** The session is now reconnecting: the old link's callbacks must be ignored from here. */
  suspended(): void;
  /** The session is open again. */
  resumed(): void;
  /** Connect the transport anew with the current agent (callbacks bound to the new link). */
  connect(): Promise<void>;
  /** Close the transport (idempotent; may throw when it is gone already). */
  closeTransport(): void;
  /** True while the transport records the microphone itself (see `Transport.capturesMicrophone`). */
  capturesMicrophone(): boolean;
  now(): number;
  /** Send on the transport now, bypassing the session (the re-seed). */
  sendNow(event: ClientEvent): void;
  /** Send as the session does (what was held goes through here once open). */
  send(event: ClientEvent): void;
  sendAudio(pcm16: Int16Array): void;
  nextEventId(): string;
  conversation: Pick<ConversationSync, 'cutAnswer'>;
  sequencer: Pick<ResponseSequencer, 'connectionLost' | 'resume'>;
  history: Pick<History, 'items'>;
  sent: Pick<SentItems, 'reseed'>;
  emit(event: SessionEvent): void;
  /** End the session (the policy gave up). */
  close(): void;
}

/** How often a due rollover looks for a quiet moment. */
const QUIET_POLL_MS = 250;

/**
 * Reconnects and rollovers for one session.
 * @example
 * const reconnector = new Reconnector(deps);
 * reconnector.connected();                 // after each successful open: arms the rollover
 * reconnector.lost(error);                 // the transport reported a drop
 * reconnector.close();                     // the user closed the session
 */
export class Reconnector {
  readonly #deps: ReconnectorDeps;
  /** Input given while reconnecting, sent once connected again. */
  readonly hold: ReconnectHold;
  #loop: LoopCancel | null = null;
  #rolloverTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the link went down, if the transport's own microphone went with it. */
  #micCutAt: number | null = null;

  constructor(deps: ReconnectorDeps) {
    this.#deps = deps;
    this.hold = new ReconnectHold(deps.holdMs, deps.sampleRate);
  }

  /** True when drops are survived (a policy is set). */
  get enabled(): boolean {
    return this.#deps.policy !== false;
  }

  /** A connection is up: arm the rollover timer. */
  connected(): void {
    const after = this.#deps.rolloverAfterMs;
    if (after === null || !this.enabled) return;
    this.#clearTimer();
    this.#armRollover(after);
  }

  /**
   * The link is gone (or is being replaced): suspend the session and connect again. A drop is told
   * as `disconnected` (with the reason) before the first `reconnecting`; a rollover is not a drop.
   */
  lost(reason: Error, rollover = false): void {
    const policy = this.#deps.policy;
    if (!policy || !this.#deps.open()) return;
    if (!rollover) this.#deps.emit({ type: 'connection', state: 'disconnected', error: reason });
    this.#clearTimer();
    this.#suspend();
    const cancel = new LoopCancel();
    this.#loop = cancel;
    void reconnectLoop(reason, {
      // a rollover starts at once; only its retries wait as the policy says
      policy: rollover ? { nextDelayMs: (c) => (c.attempt === 1 ? 0 : policy.nextDelayMs(c)) } : policy,
      signal: cancel,
      onAttempt: (a) =>
        this.#deps.emit({
          type: 'connection',
          state: 'reconnecting',
          attempt: a.attempt,
          delayMs: a.delayMs,
          error: a.reason,
          ...(rollover && { rollover: true }),
        }),
      connect: () => this.#reopen(() => cancel.aborted),
      retryable: isRetryable,
    }).then((result) => {
      if (result.outcome === 'cancelled' || this.#loop !== cancel) return;
      this.#loop = null;
      if (result.outcome === 'failed') return this.#fail(result.reason);
      this.#resume(rollover);
      this.connected();
    });
  }

  /**
   * The server says the session hit its time limit (`session_expired`): roll over to a new one with a
   * `warning`. False when reconnecting is off (the error is then the user's to see).
   */
  expired(message: string): boolean {
    if (!this.enabled) return false;
    this.#deps.emit({ type: 'warning', warning: new ContinuityWarning('session_expired', message) });
    this.lost(new TransportError('session_expired', message), true);
    return true;
  }

  /** The session closed: stop the loop and the timer. */
  close(): void {
    this.#loop?.cancel();
    this.#loop = null;
    this.#clearTimer();
    this.hold.clear();
  }

  /** The link is gone: answers in progress end `incomplete` with what was really heard. */
  #suspend(): void {
    const d = this.#deps;
    this.#micCutAt = d.capturesMicrophone() ? d.now() : null;
    d.suspended();
    d.conversation.cutAnswer();
    d.sequencer.connectionLost();
    try {
      d.closeTransport();
    } catch {
      // the transport is gone already
    }
  }

  /** One attempt: a new connection, then the conversation replayed into it. */
  async #reopen(cancelled: () => boolean): Promise<void> {
    const d = this.#deps;
    d.closeTransport();
    await d.connect();
    if (cancelled()) return;
    const reseed = d.sent.reseed(d.history.items, d.reseed, planReseed);
    for (const event of reseed.events) d.sendNow({ ...event, event_id: d.nextEventId() });
    if (reseed.omitted > 0) {
      const text = `The reconnect replayed the last ${reseed.replayed} items; ${reseed.omitted} older ones were left out (reseed option).`;
      d.emit({ type: 'warning', warning: new ContinuityWarning('reseed_windowed', text) });
    }
  }

  /** Connected again: send what waited, in the order it was given. */
  #resume(rollover: boolean): void {
    const d = this.#deps;
    d.resumed();
    const { droppedMs } = this.hold.release({ send: d.send, sendAudio: d.sendAudio });
    d.sequencer.resume();
    if (droppedMs > 0) {
      const text = `${droppedMs} ms of audio sent while reconnecting did not fit the buffer (reconnectAudioBufferMs) and was dropped; the rest was sent.`;
      d.emit({ type: 'warning', warning: new ContinuityWarning('audio_dropped', text) });
    }
    if (this.#micCutAt !== null) {
      const ms = Math.round(d.now() - this.#micCutAt);
      const text = `The microphone was not heard for the ${ms} ms the reconnect took (the transport records it itself, so it could not be kept); anything said then must be said again.`;
      d.emit({ type: 'warning', warning: new ContinuityWarning('microphone_gap', text) });
      this.#micCutAt = null;
    }
    d.emit({ type: 'connection', state: 'connected', resumed: true, ...(rollover && { rollover: true }) });
  }

  #fail(reason: Error): void {
    const error = TransportError.from(reason, 'reconnect_failed', 'Reconnecting failed');
    this.#deps.emit({ type: 'error', error });
    this.#deps.emit({ type: 'connection', state: 'failed', error: reason });
    this.#deps.close();
  }

  #clearTimer(): void {
    if (this.#rolloverTimer) clearTimeout(this.#rolloverTimer);
    this.#rolloverTimer = null;
  }

  #armRollover(ms: number): void {
    const timer = setTimeout(() => this.#rolloverWhenQuiet(), ms);
    // Upkeep, not work: in Node the connection keeps the process alive, never this timer alone.
    (timer as { unref?: () => void }).unref?.();
    this.#rolloverTimer = timer;
  }

  /** Roll over at the next moment nobody speaks and nothing runs. */
  #rolloverWhenQuiet(): void {
    this.#rolloverTimer = null;
    if (!this.#deps.open()) return;
    if (!this.#deps.quiet()) {
      this.#armRollover(QUIET_POLL_MS);
      return;
    }
    this.lost(new TransportError('rollover', 'Renewing the connection before the session time limit'), true);
  }
}
