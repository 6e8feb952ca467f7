/**
 * The one HTTP request of a WebRTC call: the SDP offer to `/realtime/calls`, the answer back, the
 * call id from `Location`. Failures carry the HTTP status and the server's own `error.message`.
 * @module
 */
import { TransportError } from '@realtime-agents/core';
import { callIdFromLocation } from './endpoint.js';

/** A failed SDP exchange; `status` is the HTTP status (0 for network errors). */
export class SdpExchangeError extends TransportError {
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** The server's `error.code`, when it sent one. */
  readonly serverCode: string | null;
  constructor(
    status: number,
    message: string,
    serverCode: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(status === 0 ? 'network' : `http_${status}`, message, options);
    this.status = status;
    this.serverCode = serverCode;
  }
}

/** What the server answered. */
export interface SdpAnswer {
  sdp: string;
  /** From `Location` (`rtc_…`), or null when the server sent none. */
  callId: string | null;
}

/** Inputs of {@link exchangeSdp}. */
export interface SdpExchangeInit {
  url: string;
  /** Bearer key; null when `headers` carry Azure's `api-key`. */
  key: string | null;
  offer: string;
  /**
   * Send the session config in the call itself: `multipart/form-data` with `sdp` and `session`
   * (protocol §2.2, standard keys only); otherwise the raw `application/sdp` offer.
   */
  session?: object;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const HINTS: Record<number, string> = {
  401: 'Check the key: client secrets (ek_…) expire (default 10 minutes) — mint a fresh one for each connect.',
  403: 'The key has no access to the Realtime API for this project or model.',
  404: 'Check baseUrl: the offer must go to …/v1/realtime/calls.',
  429: 'Rate limited or out of quota: retry later or check your plan and billing.',
};

async function errorDetail(res: Response): Promise<{ message: string | null; code: string | null }> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    return { message: null, code: null };
  }
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
    const message = typeof body.error?.message === 'string' ? body.error.message : null;
    const code = typeof body.error?.code === 'string' ? body.error.code : null;
    if (message) return { message, code };
  } catch {
    // not JSON
  }
  const trimmed = text.trim().slice(0, 300);
  return { message: trimmed || null, code: null };
}

/**
 * POST the offer (`Content-Type: application/sdp`, `Authorization: Bearer <key>`) and return the
 * answer. Throws {@link SdpExchangeError} with the HTTP status and the server's message.
 * @example
 * const { sdp, callId } = await exchangeSdp({ url: callsUrl(base), key: 'ek_…', offer: offer.sdp });
 */
export async function exchangeSdp(init: SdpExchangeInit): Promise<SdpAnswer> {
  const doFetch = init.fetch ?? fetch;
  let res: Response;
  try {
    let body: string | FormData = init.offer;
    if (init.session) {
      body = new FormData();
      body.set('sdp', init.offer);
      body.set('session', new Blob([JSON.stringify(init.session)], { type: 'application/json' }));
    }
    res = await doFetch(init.url, {
      method: 'POST',
      body,
      headers: {
        ...init.headers,
        // FormData sets its own multipart type with the boundary
        ...(!init.session && { 'Content-Type': 'application/sdp' }),
        ...(init.key !== null && { Authorization: `Bearer ${init.key}` }),
      },
      signal: init.signal,
    });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause;
    throw new SdpExchangeError(
      0,
      `Could not reach ${init.url} to start the WebRTC call: ${(cause as Error)?.message ?? cause}. Check baseUrl, the network, and (for other origins) CORS.`,
      null,
      { cause },
    );
  }
  if (!res.ok) {
    const detail = await errorDetail(res);
    const hint = HINTS[res.status] ?? (res.status >= 500 ? 'The server failed; retry shortly.' : '');
    throw new SdpExchangeError(
      res.status,
      `The WebRTC call request to ${init.url} failed with HTTP ${res.status}` +
        `${detail.message ? `: ${detail.message}` : ''}${hint ? ` (${hint})` : ''}`,
      detail.code,
    );
  }
  const sdp = await res.text();
  if (!sdp.startsWith('v=')) {
    throw new SdpExchangeError(
      res.status,
      `The server at ${init.url} answered HTTP ${res.status} but not with an SDP answer (got ${JSON.stringify(sdp.slice(0, 80))}). Check baseUrl.`,
    );
  }
  return { sdp, callId: callIdFromLocation(res.headers.get('Location')) };
}
