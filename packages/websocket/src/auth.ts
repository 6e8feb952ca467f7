/**
 * Credentials: which key to use and how to present it — headers in Node (`Authorization: Bearer`,
 * or Azure's `api-key` from `extraHeaders`), subprotocols in browsers (protocol §1.3), with a guard
 * against shipping a standard `sk-` key to a browser.
 * @module
 */
import { TransportError } from '@realtime-agents/core';
import { envApiKey } from './environment.js';

/** A key, or a function that fetches a fresh one (e.g. an `ek_` from your server). */
export type KeySource = string | (() => string | Promise<string>);

/** How the handshake authenticates. */
export interface HandshakeAuth {
  /** Subprotocols to offer (always includes `realtime`). */
  protocols: string[];
  /** Headers for runtimes that can set them (Node `ws`); empty in browsers. */
  headers: Record<string, string>;
}

/** Inputs of {@link resolveAuth}. */
export interface AuthInputs {
  clientSecret?: KeySource;
  apiKey?: KeySource;
  /** The runner's key (`RealtimeRunner({ apiKey })`). */
  runnerApiKey?: string;
  extraHeaders?: Record<string, string>;
  /** Present the key as headers (Node `ws`) rather than subprotocols (browsers). */
  useHeaders: boolean;
  /** Running in a browser: refuse standard keys unless allowed. */
  browser: boolean;
  dangerouslyAllowBrowser?: boolean;
}

const hasHeader = (headers: Record<string, string>, name: string): boolean =>
  Object.keys(headers).some((k) => k.toLowerCase() === name);

async function fetchKey(source: KeySource, what: string): Promise<string> {
  let key: unknown;
  try {
    key = typeof source === 'function' ? await source() : source;
  } catch (e) {
    throw new TransportError(
      'client_secret_failed',
      `Could not get the ${what}: ${(e as Error)?.message ?? String(e)}`,
      { cause: e },
    );
  }
  if (typeof key !== 'string' || key.trim() === '') {
    throw new TransportError(
      'missing_key',
      `The ${what} must be a non-empty string${typeof source === 'function' ? ' (your function returned ' + (key === '' ? 'an empty string' : typeof key) + ')' : ''}.`,
    );
  }
  return key.trim();
}

/** A standard (non-ephemeral) key: anything that is not an `ek_` client secret. */
export const isStandardKey = (key: string): boolean => !key.startsWith('ek_');

/**
 * Work out the handshake's subprotocols and headers. Never puts a key in an error message.
 * Throws `TransportError`: `missing_key`, `insecure_key`, `client_secret_failed`, `headers_unsupported`.
 * @example
 * const auth = await resolveAuth({ apiKey: 'sk-…', useHeaders: true, browser: false });
 * // { protocols: ['realtime'], headers: { Authorization: 'Bearer sk-…' } }
 */
export async function resolveAuth(inputs: AuthInputs): Promise<HandshakeAuth> {
  const extra = inputs.extraHeaders ?? {};
  const protocols = ['realtime'];
  if (inputs.useHeaders) {
    const headers: Record<string, string> = { ...extra };
    // Azure (`api-key`) or an explicit Authorization header (e.g. an Entra token) authenticate alone.
    const explicit = hasHeader(extra, 'api-key') || hasHeader(extra, 'authorization');
    const source =
      inputs.clientSecret ?? inputs.apiKey ?? inputs.runnerApiKey ?? (explicit ? undefined : envApiKey());
    if (source !== undefined && !hasHeader(extra, 'authorization')) {
      const key = await fetchKey(source, inputs.clientSecret !== undefined ? 'client secret' : 'API key');
      if (!hasHeader(extra, 'api-key')) headers.Authorization = `Bearer ${key}`;
    } else if (!explicit) {
      throw new TransportError(
        'missing_key',
        'No API key: pass websocketTransport({ apiKey }) or RealtimeRunner({ apiKey }), set OPENAI_API_KEY, or give Azure credentials in extraHeaders ({ "api-key": … }).',
      );
    }
    return { protocols, headers };
  }

  // Subprotocol auth (browsers cannot set handshake headers).
  if (hasHeader(extra, 'api-key') || hasHeader(extra, 'authorization')) {
    throw new TransportError(
      'headers_unsupported',
      'Browsers cannot send handshake headers, so extraHeaders api-key/Authorization cannot be used over a browser WebSocket. Mint an ephemeral key on your server (Azure: POST …/openai/v1/realtime/client_secrets) and pass it as clientSecret, or connect through a proxy.',
    );
  }
  const source = inputs.clientSecret ?? inputs.apiKey ?? inputs.runnerApiKey;
  if (source === undefined) {
    throw new TransportError(
      'missing_key',
      'No key for the browser: pass websocketTransport({ clientSecret }) with an ephemeral ek_ key (or a function that fetches one from your server, e.g. an endpoint built with clientSecretHandler from @realtime-agents/server).',
    );
  }
  const key = await fetchKey(source, inputs.clientSecret !== undefined ? 'client secret' : 'API key');
  if (inputs.browser && isStandardKey(key) && !inputs.dangerouslyAllowBrowser) {
    throw new TransportError(
      'insecure_key',
      'Refusing to use a standard API key in the browser: anyone could read it from the page. Use an ephemeral client secret (ek_…, valid for minutes) minted by your server with POST /v1/realtime/client_secrets — clientSecretHandler from @realtime-agents/server does this — and pass it as clientSecret (a string or a function that fetches it). For local experiments only, set dangerouslyAllowBrowser: true.',
    );
  }
  protocols.push(`openai-insecure-api-key.${key}`);
  const org = Object.entries(extra).find(([k]) => k.toLowerCase() === 'openai-organization')?.[1];
  const project = Object.entries(extra).find(([k]) => k.toLowerCase() === 'openai-project')?.[1];
  if (org) protocols.push(`openai-organization.${org}`);
  if (project) protocols.push(`openai-project.${project}`);
  return { protocols, headers: {} };
}
