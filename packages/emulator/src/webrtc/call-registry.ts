/**
 * Running WebRTC calls by id (`rtc_<32 hex>`), for the HTTP layer:
 * - `POST /v1/realtime/calls/{id}/hangup` → `await registry.hangup(id)` (false → 404);
 * - `GET /v1/realtime?call_id=rtc_…` sideband → `registry.get(id)?.session.addListener(...)`
 *   and `.session.receive(...)` (undefined → 404 `call_id_not_found`);
 * - emulator shutdown → `await registry.hangupAll()`.
 * Each emulator should own one registry (`new CallRegistry()`) and pass it to `handleCallsRequest`;
 * `calls` is the process-wide default used when none is passed.
 * @module
 */
import type { EngineSession } from '../engine/contracts.js';

/** What the registry holds per call. */
export interface RegisteredCall {
  readonly id: string;
  readonly session: EngineSession;
  /** End the call (session closed, peer and media released). Idempotent. */
  hangup(reason?: string): Promise<void>;
}

export class CallRegistry {
  readonly #calls = new Map<string, RegisteredCall>();

  add(call: RegisteredCall): void {
    this.#calls.set(call.id, call);
  }

  /** Forget a call (called by the call itself once it has ended). */
  delete(id: string): void {
    this.#calls.delete(id);
  }

  get(id: string): RegisteredCall | undefined {
    return this.#calls.get(id);
  }

  has(id: string): boolean {
    return this.#calls.has(id);
  }

  get size(): number {
    return this.#calls.size;
  }

  ids(): string[] {
    return [...this.#calls.keys()];
  }

  /** Hang up one call; false when no such call is running. */
  async hangup(id: string): Promise<boolean> {
    const call = this.#calls.get(id);
    if (!call) return false;
    this.#calls.delete(id);
    await call.hangup('hangup requested');
    return true;
  }

  /** Hang up every call (emulator shutdown). */
  async hangupAll(): Promise<void> {
    const all = [...this.#calls.values()];
    this.#calls.clear();
    await Promise.all(all.map((c) => c.hangup('emulator closing')));
  }
}

/** The process-wide default registry. */
export const calls = new CallRegistry();
