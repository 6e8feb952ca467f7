/**
 * `POST /v1/realtime/client_secrets` (protocol §1.2): mint `ek_…` with `expires_after` 10–7200 s; the
 * attached session config becomes the defaults of sessions started with the key.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { SessionConfig } from '@realtime-agents/core';
import { RealtimeApiError } from '../engine/api-error.js';
import { defaultSession, mergeSession, validateSessionConfig } from '../engine/session-config.js';
import { newId } from '../ids.js';
import type { KeyStore } from './auth.js';
import { httpErrors, sendError, sendJson } from './http-error.js';

/** Handle the request (standard-key auth already checked). */
export function handleClientSecrets(keys: KeyStore, body: Buffer, res: ServerResponse) {
  let json: Record<string, unknown>;
  try {
    json = body.length ? JSON.parse(body.toString('utf8')) : {};
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
  } catch {
    return sendError(res, 400, httpErrors.invalidBody('The request body must be a JSON object.'));
  }
  for (const key of Object.keys(json)) {
    if (key !== 'expires_after' && key !== 'session')
      return sendError(res, 400, {
        message: `Unknown parameter: '${key}'.`,
        type: 'invalid_request_error',
        param: key,
        code: 'unknown_parameter',
      });
  }
  let seconds = 600;
  const ea = json.expires_after as Record<string, unknown> | undefined;
  if (ea !== undefined) {
    if (typeof ea !== 'object' || ea === null)
      return sendError(
        res,
        400,
        httpErrors.invalidBody("'expires_after' must be an object.", 'expires_after'),
      );
    if (ea.anchor !== undefined && ea.anchor !== 'created_at')
      return sendError(
        res,
        400,
        httpErrors.invalidBody(
          "Invalid value for 'expires_after.anchor': only 'created_at' is supported.",
          'expires_after.anchor',
        ),
      );
    if (ea.seconds !== undefined) {
      if (
        typeof ea.seconds !== 'number' ||
        !Number.isInteger(ea.seconds) ||
        ea.seconds < 10 ||
        ea.seconds > 7200
      )
        return sendError(res, 400, {
          message: `Invalid 'expires_after.seconds': ${String(ea.seconds)}. Expected an integer between 10 and 7200.`,
          type: 'invalid_request_error',
          param: 'expires_after.seconds',
          code: 'integer_out_of_range',
        });
      seconds = ea.seconds;
    }
  }
  const base = defaultSession(newId.session(), 'gpt-realtime', 0);
  let config: SessionConfig | undefined;
  let session = base;
  if (json.session !== undefined) {
    try {
      config = validateSessionConfig(json.session, base, false);
      session = mergeSession(base, config);
      if (typeof config.model === 'string') session.model = config.model;
    } catch (error) {
      if (error instanceof RealtimeApiError)
        return sendError(res, 400, { ...error.toPayload(), event_id: undefined } as never);
      throw error;
    }
  }
  const secret = keys.mint(seconds, config);
  sendJson(res, 200, { value: secret.value, expires_at: secret.expiresAt, session });
}
