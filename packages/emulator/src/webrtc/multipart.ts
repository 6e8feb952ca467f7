/**
 * A small `multipart/form-data` parser (RFC 7578) for the unified `/v1/realtime/calls` request:
 * parts `sdp` and `session`. Whole-body, in memory; the request body is already bounded.
 * @module
 */

export interface FormPart {
  name: string;
  contentType: string | undefined;
  filename: string | undefined;
  body: Buffer;
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** The `boundary` parameter of a multipart Content-Type, or throws. */
export function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new MultipartError('The multipart/form-data Content-Type has no boundary parameter.');
  if (boundary.length > 70) throw new MultipartError('The multipart boundary is longer than 70 characters.');
  return boundary;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`Malformed multipart part header: '${line.slice(0, 80)}'.`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const re = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(disposition);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Split a multipart/form-data body into its named parts (order kept). Throws `MultipartError`. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = boundaryOf(contentType);
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('The multipart body does not contain its boundary.');
  const parts: FormPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts; // close delimiter
    // Skip transport padding and the line break after the delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d) pos++;
    if (body[pos] !== 0x0a)
      throw new MultipartError('Malformed multipart body: no line break after a boundary.');
    pos++;
    const next = body.indexOf(delimiter, pos);
    if (next < 0) throw new MultipartError('The multipart body ends without its closing boundary.');
    // The part ends with the line break that belongs to the next delimiter.
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    const part = body.subarray(pos, Math.max(pos, end));
    let headerEnd = part.indexOf('\r\n\r\n');
    let sepLength = 4;
    if (headerEnd < 0) {
      headerEnd = part.indexOf('\n\n');
      sepLength = 2;
    }
    if (headerEnd < 0) throw new MultipartError('Malformed multipart part: no blank line after its headers.');
    const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
    const disposition = headers.get('content-disposition');
    if (!disposition || !/^form-data\b/i.test(disposition)) {
      throw new MultipartError('A multipart part has no Content-Disposition: form-data header.');
    }
    const name = dispositionParam(disposition, 'name');
    if (name === undefined) throw new MultipartError('A multipart part has no name.');
    parts.push({
      name,
      contentType: headers.get('content-type'),
      filename: dispositionParam(disposition, 'filename'),
      body: part.subarray(headerEnd + sepLength),
    });
    pos = next;
  }
}
