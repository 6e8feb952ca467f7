/**
 * A `ScriptedTransport` that tells apart who threw out of `receive()`: the session's handlers, or
 * the scripted transport's own base64 decoding (its `atob` fallback throws on invalid base64; a
 * real transport reports that instead — see the fuzz report, issue 11).
 * @module
 */
import type { TransportConnectOptions, TransportHandlers } from '../transport.js';
import { ScriptedTransport } from '../testing/scripted-transport.js';

/**
 * Records every exception a session handler throws before passing it on.
 * @example
 * const t = new TracingTransport(); try { t.receive(e) } catch (err) { t.fromSession.includes(err) }
 */
export class TracingTransport extends ScriptedTransport {
  /** Exceptions that came out of the session's handlers. */
  readonly fromSession: unknown[] = [];
  /** Called on every `connect()` (a reconnect is a new server session). */
  onConnect: () => void = () => {};

  override connect(options: TransportConnectOptions, handlers: TransportHandlers): Promise<void> {
    this.onConnect();
    const guard =
      <A extends unknown[]>(fn: (...a: A) => unknown) =>
      (...a: A) => {
        try {
          fn(...a);
        } catch (e) {
          this.fromSession.push(e);
          throw e;
        }
      };
    return super.connect(options, {
      ...handlers,
      message: guard(handlers.message),
      audio: guard(handlers.audio),
    });
  }
}

/** The scripted transport's own `atob` rejecting a delta that is not base64. */
export const isScriptedDecodeError = (e: unknown): boolean =>
  e instanceof Error && e.name === 'InvalidCharacterError' && /\batob\b/.test(e.stack ?? '');
