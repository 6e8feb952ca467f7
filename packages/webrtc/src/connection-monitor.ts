/**
 * Peer connection health after connect: ICE `disconnected` is often a blip, so it reports
 * `reconnecting` and waits a grace period before declaring the call lost; `failed`, a closed data
 * channel or the grace period running out end the call with an error naming the cause.
 * @module
 */
import { type ConnectionState, TransportError } from '@realtime-agents/core';

/** Options of {@link watchConnection}. */
export interface ConnectionMonitorOptions {
  pc: RTCPeerConnection;
  channel: RTCDataChannel;
  /** How long `disconnected` may last before the call counts as lost. @default 5000 */
  graceMs?: number;
  state(state: ConnectionState, error?: Error): void;
  /** The call is over (after the final `disconnected` state); release everything. */
  lost(error: TransportError): void;
}

/**
 * Watch `pc` and `channel`; returns a function that stops watching.
 * @example
 * const stop = watchConnection({ pc, channel, state: handlers.state, lost: (e) => teardown(e) });
 */
export function watchConnection(o: ConnectionMonitorOptions): () => void {
  const graceMs = o.graceMs ?? 5000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let done = false;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const lose = (error: TransportError) => {
    if (done) return;
    done = true;
    clear();
    o.state('disconnected', error);
    o.lost(error);
  };
  const onState = () => {
    if (done) return;
    const s = o.pc.connectionState;
    const ice = o.pc.iceConnectionState;
    if (s === 'failed' || ice === 'failed') {
      lose(
        new TransportError(
          'ice_failed',
          'The WebRTC connection failed (ICE failed): the network path to the server is gone. Start a new session.',
        ),
      );
    } else if (s === 'closed') {
      lose(new TransportError('connection_closed', 'The WebRTC peer connection was closed.'));
    } else if (s === 'disconnected' || ice === 'disconnected') {
      if (timer) return;
      o.state('reconnecting');
      timer = setTimeout(
        () =>
          lose(
            new TransportError(
              'connection_lost',
              `The WebRTC connection was interrupted and did not recover within ${graceMs} ms (network change or server gone). Start a new session.`,
            ),
          ),
        graceMs,
      );
    } else if (timer && (s === 'connected' || ice === 'connected' || ice === 'completed')) {
      clear();
      o.state('connected');
    }
  };
  const onClose = () =>
    lose(
      new TransportError(
        'channel_closed',
        'The server closed the call (the oai-events data channel closed): hung up, session expired or server error.',
      ),
    );
  o.pc.addEventListener('connectionstatechange', onState);
  o.pc.addEventListener('iceconnectionstatechange', onState);
  o.channel.addEventListener('close', onClose);
  return () => {
    done = true;
    clear();
    o.pc.removeEventListener('connectionstatechange', onState);
    o.pc.removeEventListener('iceconnectionstatechange', onState);
    o.channel.removeEventListener('close', onClose);
  };
}
