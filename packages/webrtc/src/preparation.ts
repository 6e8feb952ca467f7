/**
 * A call prepared before the click (`transport.prepare()`): dialled up to the confirmed session
 * config, then idle until a `connect` takes it — the transport kit's `PreparedLink` around a
 * `WebRtcCall`. While idle, a failed or closed peer or a closed channel ends it (the next connect
 * then starts a fresh call); a failure is reported, naming the stage, by the next `connect`.
 * @module
 */
import { TransportError, type TransportPrepareOptions } from '@realtime-agents/core';
import { PreparedLink } from '@realtime-agents/core/transport-kit';
import { WebRtcCall } from './call.js';
import type { WebRtcTransportOptions } from './options.js';

export type { PreparationState } from '@realtime-agents/core/transport-kit';

/**
 * Start preparing a call; the returned link's `done` settles when it is ready.
 * @example
 * const prep = prepareCall(options, prepareOptions, false);
 * await prep.done; // later, in connect: prep.take()
 */
export function prepareCall(
  options: WebRtcTransportOptions,
  prepare: TransportPrepareOptions,
  muted: boolean,
): PreparedLink<WebRtcCall> {
  const call = new WebRtcCall({ options, connect: prepare, handlers: null, muted, onLost: () => undefined });
  return new PreparedLink(call, {
    preparing: call.prepare(),
    idleTimeoutMs: prepare.idleTimeoutMs,
    failure: (cause) =>
      new TransportError(
        'prepare_failed',
        `WebRTC prepare() failed while waiting for ${call.stage}: ${cause?.message ?? cause} — connect again to start a new call, or call prepare() again.`,
        { cause },
      ),
    closedWhilePreparing: () =>
      new TransportError('closed', 'The WebRTC transport was closed while preparing.'),
    watchIdle: (end) => {
      const { pc, channel } = call;
      const onState = () => {
        const s = pc.connectionState;
        if (s === 'failed' || s === 'closed' || s === 'disconnected') end();
      };
      pc.addEventListener('connectionstatechange', onState);
      channel.addEventListener('close', end);
      return () => {
        pc.removeEventListener('connectionstatechange', onState);
        channel.removeEventListener('close', end);
      };
    },
  });
}
