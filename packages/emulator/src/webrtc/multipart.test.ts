import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, parseMultipart } from './multipart.js';

const part = (b: string, name: string, body: string, extra = '') =>
  `--${b}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${body}\r\n`;

describe('parseMultipart', () => {
  it('splits named parts, keeping bodies byte-exact (inner CRLFs included)', () => {
    const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n';
    const body = Buffer.from(
      `preamble\r\n${part('XYZ', 'sdp', sdp).replace('\r\n\r\n', '\r\nContent-Type: application/sdp\r\n\r\n')}` +
        `${part('XYZ', 'session', '{"a":1}')}--XYZ--\r\n`,
    );
    const parts = parseMultipart(body, 'multipart/form-data; boundary=XYZ');
    expect(parts.map((p) => p.name)).toEqual(['sdp', 'session']);
    expect(parts[0]!.body.toString()).toBe(sdp);
    expect(parts[0]!.contentType).toBe('application/sdp');
    expect(parts[1]!.body.toString()).toBe('{"a":1}');
    expect(parts[1]!.contentType).toBeUndefined();
  });

  it('accepts quoted boundaries, filenames, LF-only line breaks and empty parts', () => {
    const body = Buffer.from(
      '--a b\nContent-Disposition: form-data; name="sdp"; filename="offer.sdp"\n\nv=0\n--a b\n' +
        'Content-Disposition: form-data; name="empty"\n\n\n--a b--',
    );
    const parts = parseMultipart(body, 'multipart/form-data; boundary="a b"');
    expect(parts[0]).toMatchObject({ name: 'sdp', filename: 'offer.sdp' });
    expect(parts[0]!.body.toString()).toBe('v=0');
    expect(parts[1]!.body.toString()).toBe('');
  });

  it('matches what fetch’s FormData produces', async () => {
    const form = new FormData();
    form.set('sdp', 'v=0\r\nm=audio 9\r\n');
    form.set('session', JSON.stringify({ type: 'realtime' }));
    const req = new Request('http://x/', { method: 'POST', body: form });
    const parts = parseMultipart(Buffer.from(await req.arrayBuffer()), req.headers.get('content-type')!);
    expect(Object.fromEntries(parts.map((p) => [p.name, p.body.toString()]))).toEqual({
      sdp: 'v=0\r\nm=audio 9\r\n',
      session: '{"type":"realtime"}',
    });
  });

  it.each([
    ['multipart/form-data', '--x\r\n', /no boundary/],
    ['multipart/form-data; boundary=x', 'nothing here', /does not contain its boundary/],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nbody',
      /closing boundary/,
    ],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n--x--',
      /blank line/,
    ],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--',
      /Content-Disposition/,
    ],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--', /no name/],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nbad header\r\n\r\nv\r\n--x--',
      /Malformed multipart part header/,
    ],
  ])('%s %j → MultipartError', (type, body, message) => {
    expect(() => parseMultipart(Buffer.from(body), type)).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from(body), type)).toThrow(message);
  });

  it('rejects boundaries longer than RFC 2046 allows', () => {
    expect(() => boundaryOf(`multipart/form-data; boundary=${'a'.repeat(71)}`)).toThrow(/70/);
  });
});
