/**
 * A transport that tries a first one (usually WebRTC) and, when it cannot connect on this network,
 * connects with a second (usually WebSocket) instead. Transport-free: it only delegates.
 * @module
 */
import type { ClientEvent } from './protocol/index.js';
import type { PlaybackPosition, Transport, TransportConnectOptions, TransportHandlers } from './transport.js';

/** Connect failures another transport may get past: ICE, a timeout, no answer or a 5xx to the SDP offer. */
const NETWORK_CODES = new Set(['ice_failed', 'connect_timeout', 'network', 'channel_closed']);

/**
 * The default `when` of {@link fallbackTransport}: the first transport failed in a way the network
 * explains (ICE failed, connect timeout, unreachable, HTTP 5xx), not a refused key or bad options.
 * @example
 * fallbackTransport(webrtc, websocket, { when: (e) => isNetworkFailure(e) || e.code === 'microphone' });
 */
export function isNetworkFailure(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return NETWORK_CODES.has(code) || /^http_5\d\d$/.test(code);
}

/** Options of {@link fallbackTransport}. */
export interface FallbackOptions {
  /** Whether a connect failure of the first transport moves to the second. @default isNetworkFailure */
  when?: (error: Error) => boolean;
  /** Told once per fallback, with the error of the first transport. */
  onFallback?: (error: Error, from: Transport, to: Transport) => void;
}

/** A {@link Transport} that knows which of its two transports carries the session. */
export interface FallbackTransport extends Transport {
  /** The transport in use (the first until a fallback, then the second until `reset()`). */
  readonly active: Transport;
  /** Try the first transport again on the next connect (e.g. after the network changed). */
  reset(): void;
}

/**
 * Try `first`; when its connect fails as `when` allows, connect with `second` from then on
 * (reconnects and later sessions included: the network that failed it is likely still the same),
 * until `reset()`.
 * @example
 * const transport = fallbackTransport(
 *   webrtcTransport({ clientSecret }),
 *   websocketTransport({ clientSecret }),
 *   { onFallback: (e) => console.warn('WebRTC failed, using WebSocket:', e.message) },
 * );
 * new RealtimeRunner({ transport });
 */
export function fallbackTransport(
  first: Transport,
  second: Transport,
  options: FallbackOptions = {},
): FallbackTransport {
  const when = options.when ?? isNetworkFailure;
  let active = first;
  let fellBack = false;
  return {
    get name() {
      return active.name;
    },
    get serverManagedAudio() {
      return active.serverManagedAudio;
    },
    get capturesMicrophone() {
      return active.capturesMicrophone === true;
    },
    get active() {
      return active;
    },
    async connect(connect: TransportConnectOptions, handlers: TransportHandlers): Promise<void> {
      if (fellBack) return second.connect(connect, handlers);
      active = first;
      // While the first attempt may still fall back, its failure states are not the session's news.
      let trying = true;
      const gated: TransportHandlers = {
        ...handlers,
        state: (state, error) => {
          if (!trying || state === 'connecting' || state === 'connected') handlers.state(state, error);
        },
      };
      try {
        await first.connect(connect, gated);
        trying = false;
      } catch (error) {
        trying = false;
        if (!(error instanceof Error) || !when(error)) throw error;
        first.close();
        fellBack = true;
        active = second;
        options.onFallback?.(error, first, second);
        await second.connect(connect, handlers);
      }
    },
    send: (event: ClientEvent) => active.send(event),
    sendAudio: (pcm16: Int16Array) => active.sendAudio(pcm16),
    playback: (): PlaybackPosition | null => active.playback(),
    stopPlayback: (): PlaybackPosition | null => active.stopPlayback(),
    mute: (muted: boolean) => active.mute(muted),
    close: () => active.close(),
    reset() {
      fellBack = false;
    },
  };
}
