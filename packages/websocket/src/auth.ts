/**
 * How the WebSocket handshake authenticates (protocol §1.2, §3.1), on the key rules shared with the
 * WebRTC transport (`@realtime-agents/core/transport-kit`): browsers offer subprotocols
 * (`openai-insecure-api-key.<key>`; only ephemeral `ek_` keys unless allowed), Node sends headers
 * (`Authorization: Bearer`, or Azure's `api-key` from `extraHeaders`).
 * @module
 */
import { TransportError } from '@realtime-agents/core';
import { headerValue, type KeySource, resolveKey } from '@realtime-agents/core/transport-kit';

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

const CALLER = 'websocketTransport';

/**
 * Work out the handshake's subprotocols and headers. Never puts a key in an error message.
 * Throws `TransportError`: `missing_key`, `insecure_key`, `client_secret_failed`, `headers_unsupported`.
 * @example
 * const auth = await resolveAuth({ apiKey: 'sk-…', useHeaders: true, browser: false });
 * // { protocols: ['realtime'], headers: { Authorization: 'Bearer sk-…' } }
 */
export async function resolveAuth(inputs: AuthInputs): Promise<HandshakeAuth> {
  const extra = inputs.extraHeaders ?? {};
  const sources = {
    clientSecret: inputs.clientSecret,
    apiKey: inputs.apiKey,
    runnerApiKey: inputs.runnerApiKey,
  };
  if (inputs.useHeaders) {
    // An explicit Authorization header (e.g. an Entra token) is sent as given: no key is read.
    const explicit = headerValue(extra, 'authorization') !== undefined;
    const resolved = await resolveKey({
      caller: CALLER,
      ...(explicit ? {} : sources),
      useEnv: true,
      headers: extra,
      browser: false,
      missingHint:
        'pass websocketTransport({ apiKey }) or RealtimeRunner({ apiKey }), set OPENAI_API_KEY, or give Azure credentials in extraHeaders ({ "api-key": … }).',
    });
    const headers: Record<string, string> = { ...extra };
    if (resolved.key !== null && !headerValue(extra, 'api-key'))
      headers.Authorization = `Bearer ${resolved.key}`;
    return { protocols: ['realtime'], headers };
  }

  // Subprotocol auth (browsers cannot set handshake headers).
  if (headerValue(extra, 'api-key') || headerValue(extra, 'authorization')) {
    throw new TransportError(
      'headers_unsupported',
      'Browsers cannot send handshake headers, so extraHeaders api-key/Authorization cannot be used over a browser WebSocket. Mint an ephemeral key on your server (Azure: POST …/openai/v1/realtime/client_secrets) and pass it as clientSecret, or connect through a proxy.',
    );
  }
  const { key } = await resolveKey({
    caller: CALLER,
    ...sources,
    browser: inputs.browser,
    dangerouslyAllowBrowser: inputs.dangerouslyAllowBrowser,
    missingHint:
      'pass websocketTransport({ clientSecret }) with an ephemeral ek_ key (or a function that fetches one from your server, e.g. an endpoint built with clientSecretHandler from @realtime-agents/server).',
  });
  const protocols = ['realtime', `openai-insecure-api-key.${key}`];
  const org = headerValue(extra, 'openai-organization');
  const project = headerValue(extra, 'openai-project');
  if (org) protocols.push(`openai-organization.${org}`);
  if (project) protocols.push(`openai-project.${project}`);
  return { protocols, headers: {} };
}
