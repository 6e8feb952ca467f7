/**
 * Work-around for a werift 0.25 DTLS bug that made every Chromium connect ~1 s slower.
 *
 * werift's `sendFinished()` (`Flight5` in dtls `flight/client/flight5.ts`, the emulator's role as
 * the answerer with `a=setup:active`; `Flight6` in `flight/server/flight6.ts` has the same code)
 * sets `epoch = 1`, builds the Finished record with `++recordSequenceNumber` (so it goes out as
 * epoch 1, sequence N, N = the number of handshake records sent before, 6 against Chromium) and
 * only then resets `recordSequenceNumber = 0`. The application data that follows is numbered 1, 2, …
 * in epoch 1 again, so the N-th record after the handshake repeats the Finished's (epoch,
 * sequence) pair. Chromium's DTLS (BoringSSL) treats it as a replay and drops it silently. On a
 * Realtime connect that record is the SCTP DATA chunk carrying `session.updated` (after INIT-ACK,
 * COOKIE-ACK, `session.created`, a SACK and the DCEP ACK); it is only delivered when werift's SCTP
 * T3-rtx timer retransmits it, after the RTO, which the first RTT sample has clamped to RTO.min =
 * 1 s (`SCTP.updateRto` in `sctp/src/sctp.ts`). werift peers do not check for replays, so a
 * werift-to-werift call shows nothing.
 *
 * The fix: as soon as a DTLS transport is connected, move its record sequence number past every
 * epoch-1 sequence number the handshake used (read from the last flight werift keeps for
 * retransmission). Skipping sequence numbers is allowed by DTLS (RFC 6347 §4.1: only a replay is
 * rejected). No-op if werift's internals ever stop matching (then the regression tests fail).
 * @module
 */
import type { RTCDtlsTransport, RTCPeerConnection } from 'werift';

/** DTLS record header: type (1), version (2), epoch (2), sequence number (6), length (2). */
const RECORD_HEADER_BYTES = 13;

/** The highest record sequence number with `epoch` in concatenated DTLS records, or -1. */
export function maxRecordSequence(datagrams: readonly Buffer[], epoch: number): number {
  let max = -1;
  for (const buf of datagrams) {
    let offset = 0;
    while (offset + RECORD_HEADER_BYTES <= buf.length) {
      const recordEpoch = buf.readUInt16BE(offset + 3);
      const sequence = buf.readUIntBE(offset + 5, 6);
      if (recordEpoch === epoch && sequence > max) max = sequence;
      offset += RECORD_HEADER_BYTES + buf.readUInt16BE(offset + 11);
    }
  }
  return max;
}

/** Bump one connected transport's next record sequence number past its handshake's. */
export function skipHandshakeSequenceNumbers(transport: RTCDtlsTransport): void {
  const context = transport.dtls?.dtls;
  if (!context || !Array.isArray(context.lastMessage)) return;
  const buffers = context.lastMessage.filter((b): b is Buffer => Buffer.isBuffer(b));
  const used = maxRecordSequence(buffers, context.epoch);
  // The next application record is sent as ++recordSequenceNumber, i.e. used + 1 at the least.
  if (used >= 0 && context.recordSequenceNumber < used) context.recordSequenceNumber = used;
}

/**
 * Apply `skipHandshakeSequenceNumbers` to each of the peer's DTLS transports when it connects.
 * Call after the remote description is set (the transports exist then) and before the answer is
 * returned (the handshake cannot complete before the browser has it). Returns the unsubscriber.
 */
export function avoidDtlsSequenceReuse(pc: RTCPeerConnection): () => void {
  const offs = pc.dtlsTransports.map((transport) => {
    if (transport.state === 'connected') skipHandshakeSequenceNumbers(transport);
    // Runs inside werift's setState('connected'), before werift starts SCTP; at most the INIT-ACK
    // answering the browser's INIT can have gone out before (sequence 1 < N).
    return transport.onStateChange.subscribe((state) => {
      if (state === 'connected') skipHandshakeSequenceNumbers(transport);
    }).unSubscribe;
  });
  return () => {
    for (const off of offs) off();
  };
}
