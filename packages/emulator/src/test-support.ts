/**
 * Test helpers: a WebSocket client that records server events and waits for them, and
 * speech-like PCM16 generation. Used by this package's tests; handy for other packages' tests too.
 * @module
 */
import WebSocket from 'ws';

/** A decoded server event. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary nested fields
export type WireEvent = { type: string; event_id: string } & Record<string, any>;

/** A recording Realtime WebSocket client. */
export class TestClient {
  readonly events: WireEvent[] = [];
  readonly raw: string[] = [];
  #waiters: Array<{ pred: (e: WireEvent) => boolean; resolve: (e: WireEvent) => void; from: number }> = [];
  closeCode: number | null = null;
  closeReason = '';

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      let event: WireEvent;
      try {
        event = JSON.parse(text);
      } catch {
        return;
      }
      this.events.push(event);
      this.#waiters = this.#waiters.filter((w) => {
        if (w.pred(event)) {
          w.resolve(event);
          return false;
        }
        return true;
      });
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
  }

  /**
   * Connect to `wsUrl?model=gpt-realtime`, wait for `session.created` and, when `session` is given,
   * apply it with a `session.update` and wait for `session.updated`.
   */
  static async open(wsUrl: string, session?: Record<string, unknown>): Promise<TestClient> {
    const c = await TestClient.connect(`${wsUrl}?model=gpt-realtime`);
    await c.waitFor('session.created');
    if (session) {
      c.send({ type: 'session.update', session: { type: 'realtime', ...session } });
      await c.waitFor('session.updated');
    }
    return c;
  }

  /** Connect with header auth (or subprotocols when `protocols` is given). */
  static connect(url: string, key = 'sk-test', protocols?: string[]): Promise<TestClient> {
    const ws = protocols
      ? new WebSocket(url, protocols)
      : new WebSocket(url, { headers: { Authorization: `Bearer ${key}` } });
    const client = new TestClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () =>
          reject(
            Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body }),
          ),
        );
      });
    });
  }

  send(event: Record<string, unknown> | string): void {
    this.ws.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  /** Wait for the next event (after the `from` index) matching type or predicate. */
  waitFor(match: string | ((e: WireEvent) => boolean), timeoutMs = 5000, from = 0): Promise<WireEvent> {
    const pred = typeof match === 'string' ? (e: WireEvent) => e.type === match : match;
    const existing = this.events.slice(from).find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timeout waiting for ${typeof match === 'string' ? match : 'predicate'}; got ${this.types().join(', ')}`,
            ),
          ),
        timeoutMs,
      );
      this.#waiters.push({
        pred,
        from,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** Wait for an event that arrives after now. */
  next(match: string | ((e: WireEvent) => boolean), timeoutMs = 5000): Promise<WireEvent> {
    return this.waitFor(match, timeoutMs, this.events.length);
  }

  types(from = 0): string[] {
    return this.events.slice(from).map((e) => e.type);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  /** Resolves once the server closed the socket. */
  closed(timeoutMs = 5000): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }
}

/** `ms` of digital silence at 24 kHz. */
export const silence = (ms: number): Int16Array => new Int16Array(Math.round(ms * 24));

/**
 * Speech-like audio of `ms`: a voiced harmonic source (f0 gliding 100–160 Hz) with vowel-like
 * spectral tilt and 4 Hz syllable modulation, at about `dbfs` RMS. Voiced from the first sample.
 */
export function speechLike(ms: number, dbfs = -20): Int16Array {
  const n = Math.round(ms * 24);
  const out = new Float64Array(n);
  let phase = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const t = i / 24000;
    const f0 = 130 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += f0 / 24000;
    let v = 0;
    for (let h = 1; h <= 12; h++) {
      const f = h * f0;
      const formant =
        Math.exp(-(((f - 700) / 300) ** 2)) +
        0.6 * Math.exp(-(((f - 1200 - 400 * Math.sin(2 * Math.PI * 2 * t)) / 400) ** 2));
      v += (formant + 0.05) * Math.sin(2 * Math.PI * h * phase);
    }
    v *= 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t) ** 2;
    out[i] = v;
    sumSq += v * v;
  }
  const rms = Math.sqrt(sumSq / Math.max(1, n));
  const gain = rms > 0 ? (32768 * 10 ** (dbfs / 20)) / rms : 0;
  return Int16Array.from(out, (v) => Math.max(-32768, Math.min(32767, Math.round(v * gain))));
}

/** Base64 of PCM16 LE. */
export const toBase64 = (pcm: Int16Array): string =>
  Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');

/** Split audio into `chunkMs` chunks. */
export function chunks(pcm: Int16Array, chunkMs = 20): Int16Array[] {
  const size = chunkMs * 24;
  const out: Int16Array[] = [];
  for (let i = 0; i < pcm.length; i += size) out.push(pcm.subarray(i, i + size));
  return out;
}
