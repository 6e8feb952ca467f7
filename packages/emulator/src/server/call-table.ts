/**
 * Calls by id (`rtc_…`): SIP calls this emulator rang itself (`/emulator/sip/incoming`), and the
 * WebRTC calls registered by `src/webrtc/` — one lookup for the Calls API and sideband sockets.
 * @module
 */
import type { EngineSession } from '../engine/contracts.js';
import type { EngineSessionImpl } from '../engine/session.js';
import type { SipCaller } from './sip-caller.js';

/** Callers kept (with their recordings) after their calls ended. */
const KEPT_CALLERS = 100;

/** The part of the WebRTC half's `CallRegistry` this file uses. */
export interface WebRtcRegistry {
  get(id: string): { session: EngineSession } | undefined;
  hangup(id: string): Promise<boolean>;
  hangupAll(): Promise<void>;
}

/** A SIP call rung by the emulator. */
export interface SipCall {
  id: string;
  status: 'ringing' | 'accepted' | 'rejected' | 'referred' | 'ended';
  sipHeaders: Array<{ name: string; value: string }>;
  session?: EngineSessionImpl;
  referredTo?: string;
  rejectStatus?: number;
  /** The emulated caller (speech, recording). */
  caller?: SipCaller;
}

/** Every call of one emulator. */
export class CallTable {
  readonly sip = new Map<string, SipCall>();
  /** Callers by call id, kept after the call ended so recordings stay retrievable. */
  readonly callers = new Map<string, SipCaller>();
  webrtc: WebRtcRegistry | null = null;
  readonly #waiters = new Map<string, Set<() => void>>();

  /** Register a ringing call and its caller. */
  ring(call: SipCall & { caller: SipCaller }): void {
    this.sip.set(call.id, call);
    this.callers.set(call.id, call.caller);
    for (const id of this.callers.keys()) {
      if (this.callers.size <= KEPT_CALLERS) break;
      this.callers.delete(id);
    }
  }

  /** A call left the ringing state (accepted, rejected, referred, ended): wake `decided` waiters. */
  settle(id: string): void {
    for (const wake of this.#waiters.get(id) ?? []) wake();
    this.#waiters.delete(id);
  }

  /** Resolves once the call is no longer ringing, or after `timeoutMs` (then it is still ringing). */
  decided(id: string, timeoutMs: number): Promise<void> {
    if (this.sip.get(id)?.status !== 'ringing') return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.get(id)?.delete(wake);
        resolve();
      }, timeoutMs);
      timer.unref?.();
      const set = this.#waiters.get(id) ?? new Set();
      this.#waiters.set(id, set);
      set.add(wake);
    });
  }

  /** A model attached to the call: the caller starts talking. */
  attached(id: string): void {
    const sip = this.sip.get(id);
    if (sip?.session && sip.caller) sip.caller.start(sip.session);
  }

  /** End a SIP call from the emulator side (hangup, refer, caller left): the attached socket closes with 1000. */
  end(id: string, reason: string): boolean {
    const sip = this.sip.get(id);
    if (!sip) return false;
    if (sip.status !== 'referred') sip.status = 'ended';
    sip.caller?.stop(reason);
    sip.session?.endCall(reason);
    this.sip.delete(id);
    this.settle(id);
    return true;
  }

  /** The running session of a call (accepted SIP or WebRTC), if any. */
  session(id: string): EngineSession | undefined {
    const sip = this.sip.get(id);
    if (sip) return sip.status === 'accepted' || sip.status === 'referred' ? sip.session : undefined;
    return this.webrtc?.get(id)?.session;
  }

  /** End a call; false when unknown. */
  async hangup(id: string): Promise<boolean> {
    if (this.end(id, 'call ended')) return true;
    return (await this.webrtc?.hangup(id)) ?? false;
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.sip.keys()]) await this.hangup(id);
    await this.webrtc?.hangupAll();
  }
}
