/**
 * API keys: standard keys (any `sk-…`, or exactly the configured one) and the ephemeral `ek_` client
 * secrets this emulator minted, with their expiry and attached session defaults.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { SessionConfig } from '@realtime-agents/core';
import { newId } from '../ids.js';
import { type HttpErrorBody, httpErrors } from './http-error.js';

/** A minted client secret. */
export interface ClientSecret {
  value: string;
  expiresAt: number;
  session: SessionConfig | undefined;
}

/** Outcome of checking a key. */
export type AuthResult =
  | { ok: true; kind: 'standard'; key: string }
  | { ok: true; kind: 'ephemeral'; key: string; secret: ClientSecret }
  | { ok: false; status: number; error: HttpErrorBody };

/** Extract the key from `Authorization: Bearer`, Azure's `api-key`, or WebSocket subprotocols. */
export function keyFromRequest(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m ? m[1]!.trim() : auth.trim();
  }
  const apiKey = req.headers['api-key'];
  if (typeof apiKey === 'string' && apiKey) return apiKey.trim();
  const protocols = req.headers['sec-websocket-protocol'];
  if (protocols) {
    for (const p of protocols.split(',').map((s) => s.trim())) {
      if (p.startsWith('openai-insecure-api-key.')) return p.slice('openai-insecure-api-key.'.length);
    }
  }
  return null;
}

/** The key store of one emulator. */
export class KeyStore {
  readonly #secrets = new Map<string, ClientSecret>();

  constructor(private readonly apiKey?: string) {}

  /** Mint an `ek_` secret valid for `seconds`. */
  mint(seconds: number, session: SessionConfig | undefined): ClientSecret {
    const secret = {
      value: newId.clientSecret(),
      expiresAt: Math.floor(Date.now() / 1000) + seconds,
      session,
    };
    this.#secrets.set(secret.value, secret);
    return secret;
  }

  /** Check a key (null = none given). `standardOnly` refuses ek_ keys. */
  check(key: string | null, standardOnly = false): AuthResult {
    if (!key) return { ok: false, status: 401, error: httpErrors.missingKey() };
    if (key.startsWith('ek_')) {
      const secret = this.#secrets.get(key);
      if (!secret) return { ok: false, status: 401, error: httpErrors.invalidKey(key) };
      if (secret.expiresAt * 1000 <= Date.now())
        return { ok: false, status: 401, error: httpErrors.expiredKey() };
      if (standardOnly) return { ok: false, status: 401, error: httpErrors.standardKeyRequired() };
      return { ok: true, kind: 'ephemeral', key, secret };
    }
    const valid = this.apiKey ? key === this.apiKey : key.startsWith('sk-') && key.length > 3;
    if (!valid) return { ok: false, status: 401, error: httpErrors.invalidKey(key) };
    return { ok: true, kind: 'standard', key };
  }
}
