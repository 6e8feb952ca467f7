import { mulawDecode, mulawEncode } from '@realtime-agents/audio/codecs';
import { describe, expect, it } from 'vitest';
import { decodeWireAudio, encodeWireAudio, splitBase64 } from './wire-audio.js';

const ramp = (n: number) => Int16Array.from({ length: n }, (_, i) => ((i * 997) % 65536) - 32768);

describe('wire audio', () => {
  it('PCM16 round-trips exactly through base64 little-endian', () => {
    const pcm = ramp(4800);
    const b64 = encodeWireAudio(pcm, { type: 'audio/pcm', rate: 24000 });
    expect(Buffer.from(b64, 'base64').equals(Buffer.from(pcm.buffer))).toBe(true);
    expect(Array.from(decodeWireAudio(b64, undefined))).toEqual(Array.from(pcm));
  });

  it('G.711 μ-law / A-law: one byte a sample, decoded with the codec', () => {
    const pcm = ramp(800);
    const ulaw = encodeWireAudio(pcm, { type: 'audio/pcmu' });
    expect(Buffer.from(ulaw, 'base64')).toHaveLength(800);
    expect(Array.from(Buffer.from(ulaw, 'base64'))).toEqual(Array.from(mulawEncode(pcm)));
    expect(Array.from(decodeWireAudio(ulaw, { type: 'audio/pcmu' }))).toEqual(
      Array.from(mulawDecode(mulawEncode(pcm))),
    );
    const alaw = encodeWireAudio(pcm, { type: 'audio/pcma' });
    const back = decodeWireAudio(alaw, { type: 'audio/pcma' });
    expect(back).toHaveLength(800);
    for (let i = 0; i < 800; i++)
      expect(Math.abs(back[i]! - pcm[i]!)).toBeLessThanOrEqual(Math.abs(pcm[i]!) / 16 + 16);
  });

  it('splits base64 on 16-char boundaries so each piece decodes to whole samples', () => {
    const pcm = ramp(10_001);
    const b64 = encodeWireAudio(pcm, undefined);
    const pieces = splitBase64(b64, 1000);
    expect(pieces.length).toBeGreaterThan(20);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(1000);
    for (const p of pieces.slice(0, -1)) expect(Buffer.from(p, 'base64').length % 12).toBe(0);
    const joined = Buffer.concat(pieces.map((p) => Buffer.from(p, 'base64')));
    expect(joined.equals(Buffer.from(pcm.buffer))).toBe(true);
    expect(splitBase64('AAAA', 1000)).toEqual(['AAAA']);
  });
});
