import { describe, expect, it } from 'vitest';
import { checkOffer, keepLoopbackCandidates, unreachableCandidates } from './sdp.js';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
  'a=candidate:2 1 udp 2122260223 2b4c8f3e-1111-2222-3333-444455556666.local 50001 typ host',
  'a=candidate:3 1 udp 2122260223 192.168.1.20 50002 typ host',
  'a=candidate:4 1 udp 2122262783 ::1 50003 typ host',
  'a=candidate:5 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:0123456789abcdef012345',
  'a=fingerprint:sha-256 AA:BB',
  'a=setup:actpass',
  'a=mid:0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=mid:1',
  '',
].join('\r\n');

describe('checkOffer', () => {
  it('accepts a plausible offer', () => {
    expect(checkOffer(offer)).toBeNull();
  });
  it.each([
    ['', /empty/],
    ['  \r\n', /empty/],
    ['o=- 1', /v=0/],
    ['v=0\r\ns=-\r\n', /no media sections/],
    ['v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n', /audio section or a data channel/],
    [offer.replace(/a=ice-pwd:.*\r\n/, ''), /ICE credentials/],
    [offer.replace(/a=fingerprint:.*\r\n/, ''), /fingerprint/],
  ])('%j → %s', (sdp, message) => {
    expect(checkOffer(sdp)).toMatch(message);
  });
});

describe('keepLoopbackCandidates', () => {
  it('keeps only UDP 127.0.0.1 candidates (drops mDNS, LAN, IPv6, TCP) and nothing else', () => {
    const out = keepLoopbackCandidates(offer);
    const candidates = out.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
    expect(candidates).toEqual(['a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0']);
    expect(out.split('\r\n').filter((l) => !l.startsWith('a=candidate:'))).toEqual(
      offer.split('\r\n').filter((l) => !l.startsWith('a=candidate:')),
    );
  });
  it('keeps LF-only line endings', () => {
    expect(keepLoopbackCandidates('v=0\na=candidate:3 1 udp 1 10.0.0.1 5 typ host\na=mid:0\n')).toBe(
      'v=0\na=mid:0\n',
    );
  });
});

describe('unreachableCandidates', () => {
  it('moves every candidate to port 9', () => {
    expect(unreachableCandidates(keepLoopbackCandidates(offer))).toContain(
      'a=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host generation 0',
    );
  });
});
