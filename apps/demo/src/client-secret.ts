/**
 * Fetching an ephemeral client secret from the demo server's `POST /session`.
 * @module
 */

/** A failure to get a client secret, with a message for the status line. */
export class ClientSecretError extends Error {
  override readonly name = 'ClientSecretError';
  constructor(
    message: string,
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * `POST url` and return the `ek_…` value. Errors carry the server's own message (the server package
 * never echoes the standard key).
 * @example webrtcTransport({ clientSecret: () => fetchClientSecret('/session') })
 */
export async function fetchClientSecret(url = '/session'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { accept: 'application/json' } });
  } catch (cause) {
    throw new ClientSecretError(
      `Could not reach the token endpoint ${url}: the demo server is not running or the network is down.`,
      null,
      { cause },
    );
  }
  const body = (await res.json().catch(() => null)) as {
    value?: string;
    error?: { message?: string; code?: string };
  } | null;
  if (!res.ok || typeof body?.value !== 'string') {
    const why = body?.error?.message ?? `HTTP ${res.status} ${res.statusText}`.trim();
    throw new ClientSecretError(`The token endpoint refused to mint a key: ${why}`, res.status);
  }
  return body.value;
}
