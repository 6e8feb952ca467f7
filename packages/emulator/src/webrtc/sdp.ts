/**
 * SDP text helpers for the loopback-only emulator: offer validation and candidate filtering.
 * werift gathers candidates on every interface and Chromium may offer mDNS (`<uuid>.local`) or LAN
 * candidates; only IPv4 loopback UDP is ever useful here, so everything else is removed.
 * @module
 */

/** Why an offer cannot be answered, or null when it looks like a usable JSEP offer. */
export function checkOffer(sdp: string): string | null {
  const text = sdp.trim();
  if (text.length === 0) return 'The SDP offer is empty.';
  if (!text.startsWith('v=0')) return "Invalid SDP offer: it must start with 'v=0'.";
  const lines = text.split(/\r?\n/);
  const media = lines.filter((l) => l.startsWith('m='));
  if (media.length === 0) return 'Invalid SDP offer: it has no media sections (m= lines).';
  if (!media.some((m) => m.startsWith('m=audio') || m.startsWith('m=application'))) {
    return 'Invalid SDP offer: it needs an audio section or a data channel section.';
  }
  if (!lines.some((l) => l.startsWith('a=ice-ufrag:')) || !lines.some((l) => l.startsWith('a=ice-pwd:'))) {
    return 'Invalid SDP offer: ICE credentials (a=ice-ufrag / a=ice-pwd) are missing.';
  }
  if (!lines.some((l) => l.startsWith('a=fingerprint:'))) {
    return 'Invalid SDP offer: the DTLS fingerprint (a=fingerprint) is missing.';
  }
  return null;
}

/** True for an `a=candidate` line we keep: UDP on 127.0.0.1. */
function isLoopbackUdpCandidate(line: string): boolean {
  // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
  const parts = line.slice('a=candidate:'.length).split(' ');
  return parts[2]?.toLowerCase() === 'udp' && parts[4] === '127.0.0.1';
}

/** Remove every `a=candidate` line that is not a UDP candidate on 127.0.0.1 (mDNS, LAN, IPv6, TCP). */
export function keepLoopbackCandidates(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('a=candidate:') || isLoopbackUdpCandidate(l))
    .join(eol);
}

/** Point every candidate at a port nothing listens on (the `ice_never` fault). */
export function unreachableCandidates(sdp: string): string {
  return sdp.replace(/^(a=candidate:\S+ \d+ \S+ \d+ \S+ )\d+/gm, '$19');
}
