/**
 * Where the SDP offer goes: `/realtime/calls` derived from the runner's `baseUrl` (OpenAI, Azure GA,
 * full URLs, and the WebSocket forms people already use for the WebSocket transport).
 * @module
 */
import { DEFAULT_BASE_URL, checkBaseUrl } from '@realtime-agents/core/transport-kit';

export { DEFAULT_BASE_URL };

const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

/**
 * The `POST` URL for the SDP offer (protocol §2.2, Azure per §1.5).
 * - `https://api.openai.com/v1` → `https://api.openai.com/v1/realtime/calls`
 * - `https://res.openai.azure.com` or `…/openai/v1` → `https://res.openai.azure.com/openai/v1/realtime/calls`
 * - `wss://host/openai/v1/realtime?model=x` → `https://host/openai/v1/realtime/calls`
 * - a URL already ending in `/realtime/calls` (or Azure preview `/realtimertc`) is used as is.
 * Azure's `webrtcfilter` query parameter is kept.
 * @example
 * callsUrl('http://127.0.0.1:8080/v1') // 'http://127.0.0.1:8080/v1/realtime/calls'
 */
export function callsUrl(baseUrl: string = DEFAULT_BASE_URL): string {
  const url = new URL(checkBaseUrl(baseUrl, ['http:', 'https:', 'ws:', 'wss:'], DEFAULT_BASE_URL));
  if (url.protocol === 'wss:') url.protocol = 'https:';
  else if (url.protocol === 'ws:') url.protocol = 'http:';
  let path = url.pathname.replace(/\/+$/, '');
  const keep = new URLSearchParams();
  const filter = url.searchParams.get('webrtcfilter');
  if (filter) keep.set('webrtcfilter', filter);
  if (/\/realtime\/calls$/.test(path) || /\/realtimertc$/.test(path)) {
    // a full endpoint: keep its query (Azure preview needs ?model=…)
    return url.toString();
  }
  path = path.replace(/\/realtime$/, '');
  if (path === '' && AZURE_HOST.test(url.hostname)) path = '/openai/v1';
  url.pathname = `${path}/realtime/calls`;
  url.search = keep.toString() ? `?${keep}` : '';
  url.hash = '';
  return url.toString();
}

/**
 * The call id from a `Location: /v1/realtime/calls/rtc_…` header (its last path segment).
 * @example
 * callIdFromLocation('/v1/realtime/calls/rtc_abc') // 'rtc_abc'
 */
export function callIdFromLocation(location: string | null): string | null {
  if (!location) return null;
  const last = location.split('?')[0]!.replace(/\/+$/, '').split('/').pop();
  return last || null;
}
