/**
 * Pointing an unchanged app at the emulator: the page's requests to the Realtime API
 * (`https://api.openai.com/v1` by default: the WebRTC SDP exchange, client secrets) and its
 * WebSocket to `wss://…/v1/realtime` are answered by the emulator; optionally the app's own
 * token endpoint answers with a key the emulator minted. Nothing leaves the machine.
 * @module
 */
import type { Page, Route, WebSocketRoute } from '@playwright/test';
import type { Emulator } from '@realtime-agents/emulator';
import { WebSocket } from 'ws';

/** Options of {@link routeRealtime}. */
export interface RouteRealtimeOptions {
  /** The Realtime API base URL the app uses. @default 'https://api.openai.com/v1' */
  apiUrl?: string;
  /**
   * Your app's token endpoint (`'/session'`, a glob or a RegExp): answered with a fresh key from
   * the emulator (the JSON of `POST /v1/realtime/client_secrets`: `{ value, expires_at, session }`).
   */
  clientSecretUrl?: string | RegExp;
  /** The standard key used to mint keys and for WebSockets that carry none. @default 'sk-realtime-agents-testing' */
  apiKey?: string;
}

/** `POST /v1/realtime/client_secrets`'s answer. */
export interface ClientSecret {
  value: string;
  expires_at: number;
  session: Record<string, unknown>;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Mint an ephemeral key on `emulator`, as your backend would.
 * @example const { value } = await mintClientSecret(emulator); // 'ek_…'
 */
export async function mintClientSecret(
  emulator: Pick<Emulator, 'baseUrl'>,
  { apiKey = 'sk-realtime-agents-testing', session = { type: 'realtime', model: 'gpt-realtime' } } = {},
): Promise<ClientSecret> {
  const res = await fetch(`${emulator.baseUrl}/realtime/client_secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session }),
  });
  const body = (await res.json()) as ClientSecret & { error?: { message?: string } };
  if (!res.ok) throw new Error(`The emulator refused a client secret: ${body.error?.message ?? res.status}`);
  return body;
}

/**
 * Route the page's Realtime API traffic to `emulator`. Call it before the page loads the app (the
 * kit's `page` fixture does).
 * @example await routeRealtime(page, emulator, { clientSecretUrl: '/session' });
 */
export async function routeRealtime(
  page: Page,
  emulator: Pick<Emulator, 'baseUrl' | 'wsUrl'>,
  options: RouteRealtimeOptions = {},
): Promise<void> {
  const apiKey = options.apiKey ?? 'sk-realtime-agents-testing';
  const api = new URL(options.apiUrl ?? 'https://api.openai.com/v1');
  const apiPath = api.pathname.replace(/\/$/, '');
  const http = new RegExp(`^https?://${escapeRe(api.host)}${escapeRe(apiPath)}(/.*)?$`);
  await page.route(http, async (route: Route) => {
    const url = new URL(route.request().url());
    const target = `${emulator.baseUrl}${url.pathname.slice(apiPath.length)}${url.search}`;
    try {
      await route.fulfill({ response: await route.fetch({ url: target }) });
    } catch (error) {
      await route.abort('connectionrefused').catch(() => undefined);
      if (!page.isClosed()) throw error;
    }
  });
  const ws = new RegExp(`^wss?://${escapeRe(api.host)}${escapeRe(apiPath)}/realtime(\\?.*)?$`);
  await page.routeWebSocket(ws, (socket) => pipe(socket, emulator.wsUrl, apiKey));
  if (options.clientSecretUrl !== undefined) {
    await page.route(options.clientSecretUrl, async (route) => {
      const method = route.request().method();
      if (method !== 'POST' && method !== 'GET') return route.fallback();
      await route.fulfill({ json: await mintClientSecret(emulator, { apiKey }) });
    });
  }
}

/** Join the page's (routed) WebSocket to one on the emulator, message for message. */
function pipe(socket: WebSocketRoute, wsUrl: string, apiKey: string): void {
  const target = `${wsUrl}${new URL(socket.url()).search}`;
  const protocols = socket.protocols();
  // Browsers send the key as a subprotocol; a socket without one gets the standard key.
  const hasKey = protocols.some((p) => p.startsWith('openai-insecure-api-key.'));
  const upstream = new WebSocket(target, protocols.length ? protocols : undefined, {
    headers: hasKey ? {} : { authorization: `Bearer ${apiKey}` },
  });
  const early: Array<string | Buffer> = [];
  const close = (code: number, reason: string) =>
    void socket.close({ code, reason })?.catch?.(() => undefined);
  socket.onMessage((m) => {
    if (upstream.readyState === WebSocket.OPEN) upstream.send(m);
    else early.push(m);
  });
  socket.onClose((code, reason) => {
    if (upstream.readyState <= WebSocket.OPEN) upstream.close(code && code !== 1005 ? code : 1000, reason);
  });
  upstream.on('open', () => {
    for (const m of early.splice(0)) upstream.send(m);
  });
  upstream.on('message', (data, binary) => socket.send(binary ? (data as Buffer) : data.toString()));
  upstream.on('close', (code, reason) =>
    close(code === 1005 || code === 1006 ? 1000 : code, reason.toString()),
  );
  upstream.on('unexpected-response', (_req, res) => {
    // the handshake was refused (401, 429, 500 …): the page sees a close that says so
    close(1008, `HTTP ${res.statusCode}`);
    upstream.terminate();
  });
  upstream.on('error', () => close(1011, 'emulator unreachable'));
}
