/**
 * Building the WebSocket URL from a `baseUrl` (protocol §0, §3.1, §1.5).
 * @module
 */
import { ConfigError } from '@realtime-agents/core';
import { DEFAULT_BASE_URL, checkBaseUrl } from '@realtime-agents/core/transport-kit';

export { DEFAULT_BASE_URL };

/** What goes on the URL's query: a model (normal sessions) or a call to attach to. */
export interface RealtimeUrlTarget {
  model?: string;
  /** Attach to an existing WebRTC/SIP call; `model` is then left off (protocol §3.3). */
  callId?: string;
}

/**
 * The WebSocket URL of a Realtime session.
 * - `http(s)://host/v1` → `ws(s)://host/v1/realtime?model=…` (OpenAI, emulator, Azure GA `…/openai/v1`)
 * - a full `ws(s)://…/realtime…` URL (the seed's Azure form) is kept with its query; `model` is only
 *   added when neither `model` nor `deployment` is present.
 * Throws `ConfigError` (`baseUrl`) for anything that is not an http(s) or ws(s) URL.
 * @example
 * realtimeUrl('https://api.openai.com/v1', { model: 'gpt-realtime' });
 * // 'wss://api.openai.com/v1/realtime?model=gpt-realtime'
 * realtimeUrl('wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt', {});
 * // kept as is
 */
export function realtimeUrl(baseUrl: string | undefined, target: RealtimeUrlTarget): string {
  const url = new URL(
    checkBaseUrl(
      baseUrl,
      ['http:', 'https:', 'ws:', 'wss:'],
      `${DEFAULT_BASE_URL} or wss://host/v1/realtime`,
    ),
  );
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  const path = url.pathname.replace(/\/+$/, '');
  if (!/\/realtime$/.test(path)) url.pathname = `${path}/realtime`;
  else url.pathname = path;
  const q = url.searchParams;
  if (target.callId) {
    q.delete('model');
    q.set('call_id', target.callId);
  } else if (!q.has('model') && !q.has('deployment') && !q.has('call_id') && !q.has('intent')) {
    if (!target.model)
      throw new ConfigError('model', 'A model is needed to build the Realtime WebSocket URL (?model=…)');
    q.set('model', target.model);
  }
  return url.toString();
}
