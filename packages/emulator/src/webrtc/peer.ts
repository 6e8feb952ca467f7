/**
 * The server-side werift peer with the settings that work on loopback here (toolchain.md): no STUN
 * servers, 127.0.0.1 as an extra host address, IPv4 only, Opus 48 kHz stereo-declared (mono
 * content), `max-message-size` 262144 for large `session.updated` events; and the DTLS record
 * sequence fix of `dtls-sequence.ts` (Chromium otherwise drops one early data-channel message).
 * @module
 */
import {
  MediaStream,
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RTCRtpTransceiver,
} from 'werift';
import { avoidDtlsSequenceReuse } from './dtls-sequence.js';
import { keepLoopbackCandidates, unreachableCandidates } from './sdp.js';

/** Opus RTP payload type offered/answered (Chromium's usual number). */
export const OPUS_PAYLOAD_TYPE = 111;

export interface LoopbackPeer {
  pc: RTCPeerConnection;
  /** The audio transceiver that carries the mic in and the assistant's speech out. */
  audio: RTCRtpTransceiver;
  /** The local stream id in the answer's `a=msid`. */
  streamId: string;
}

export interface AnswerOptions {
  /** Point every candidate of the answer at port 9 (the `ice_never` fault; close the peer too). */
  iceNever?: boolean;
}

/** Create the peer and its send/receive audio transceiver (before the offer is applied, so it is reused). */
export function createLoopbackPeer(): LoopbackPeer {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    // werift binds its UDP sockets to this address (it would bind 0.0.0.0): loopback only, like the
    // HTTP server — the candidates are cut to 127.0.0.1 anyway
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceUseIpv6: false,
    iceUseTcp: false,
    maxMessageSize: 262144,
    codecs: {
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: 48000,
          channels: 2,
          payloadType: OPUS_PAYLOAD_TYPE,
          parameters: 'minptime=10;useinbandfec=1',
        }),
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, payloadType: 8 }),
      ],
      video: [],
    },
  });
  const streamId = `realtime-${pc.id.slice(0, 8)}`;
  const track = new MediaStreamTrack({ kind: 'audio' });
  const audio = pc.addTransceiver(track, {
    direction: 'sendrecv',
    streams: [new MediaStream({ id: streamId })],
  });
  return { pc, audio, streamId };
}

function gatheringComplete(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && done());
    function done() {
      clearTimeout(timer);
      unSubscribe();
      resolve();
    }
  });
}

/**
 * Apply the offer (loopback candidates only) and produce the complete, non-trickle answer.
 * Throws if werift rejects the offer.
 */
export async function answerOffer(peer: LoopbackPeer, offerSdp: string, options: AnswerOptions = {}) {
  const { pc } = peer;
  await pc.setRemoteDescription({ type: 'offer', sdp: keepLoopbackCandidates(offerSdp) });
  await pc.setLocalDescription(await pc.createAnswer());
  // Before the browser has the answer, i.e. before its DTLS handshake can complete.
  avoidDtlsSequenceReuse(pc);
  await gatheringComplete(pc, 3000);
  const local = pc.localDescription;
  if (!local) throw new Error('werift produced no local description');
  let sdp = keepLoopbackCandidates(local.sdp);
  if (options.iceNever) sdp = unreachableCandidates(sdp);
  if (!/^a=candidate:/m.test(sdp)) throw new Error('No loopback ICE candidate was gathered for the answer');
  return sdp;
}
