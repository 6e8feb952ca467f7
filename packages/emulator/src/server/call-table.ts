/**
 * Calls by id (`rtc_…`): SIP calls this emulator rang itself (`/emulator/sip/incoming`), and the
 * WebRTC calls registered by `src/webrtc/` — one lookup for the Calls API and sideband sockets.
 * @module
 */
import type { EngineSession } from '../engine/contracts.js';
import type { EngineSessionImpl } from '../engine/session.js';

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
}

/** Every call of one emulator. */
export class CallTable {
  readonly sip = new Map<string, SipCall>();
  webrtc: WebRtcRegistry | null = null;

  /** The running session of a call (accepted SIP or WebRTC), if any. */
  session(id: string): EngineSession | undefined {
    const sip = this.sip.get(id);
    if (sip) return sip.status === 'accepted' || sip.status === 'referred' ? sip.session : undefined;
    return this.webrtc?.get(id)?.session;
  }

  /** End a call; false when unknown. */
  async hangup(id: string): Promise<boolean> {
    const sip = this.sip.get(id);
    if (sip) {
      sip.status = 'ended';
      sip.session?.endCall();
      this.sip.delete(id);
      return true;
    }
    return (await this.webrtc?.hangup(id)) ?? false;
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.sip.keys()]) await this.hangup(id);
    await this.webrtc?.hangupAll();
  }
}
