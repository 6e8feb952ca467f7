/**
 * `POST /v1/realtime/calls`: a browser's SDP offer in, a werift answer out (protocol §2.2).
 * The HTTP layer has already checked `Authorization`; it calls
 * `handleCallsRequest(ctx, req, res, body, { registry })` with the whole request body.
 *
 * Bodies: raw `application/sdp`, or `multipart/form-data` with an `sdp` part and an optional
 * `session` JSON part (the session defaults). Success: `201`, `Content-Type: application/sdp`,
 * `Location: /v1/realtime/calls/rtc_<32 hex>`. Failures: the JSON error envelope (400 for a bad
 * body or offer, 500 otherwise). Faults (aliases in `fault-names.ts`): `sdp_500`/`500` (500
 * envelope), `ice_never`/`ice_never_connects` (a complete answer whose candidates point at a dead
 * port, its peer closed at once, no session: ICE can never complete),
 * `close_datachannel`/`close_mid_response` (see `call.ts`).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionConfig } from '@realtime-agents/core';
import type { CallsContext, EngineSession } from '../engine/contracts.js';
import { WebRtcCall } from './call.js';
import { type CallRegistry, calls } from './call-registry.js';
import { hasFault } from './fault-names.js';
import { type CallsErrorBody, sendCallsError } from './http-error.js';
import { MultipartError, parseMultipart } from './multipart.js';
import { answerOffer, createLoopbackPeer } from './peer.js';
import { checkOffer } from './sdp.js';

export interface HandleCallsOptions {
  /** Where the call is registered for hangup/sideband (default: the process-wide `calls`). */
  registry?: CallRegistry;
  /** End a call whose peer has not connected by then (default 30 s). */
  connectTimeoutMs?: number;
}

/** A new call id: `rtc_` + 32 hex digits. */
export function newCallId(): string {
  return `rtc_${randomBytes(16).toString('hex')}`;
}

class BadRequest extends Error {
  constructor(readonly body: CallsErrorBody) {
    super(body.message);
  }
}

const badRequest = (message: string, code: string | null, param: string | null = null) =>
  new BadRequest({ message, type: 'invalid_request_error', param, code });

interface ParsedBody {
  sdp: string;
  config: SessionConfig | undefined;
}

function parseBody(req: IncomingMessage, body: Buffer): ParsedBody {
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/sdp') return { sdp: body.toString('utf8'), config: undefined };
  if (mediaType !== 'multipart/form-data') {
    throw badRequest(
      `Unsupported content type: '${mediaType || '(none)'}'. Send the SDP offer as 'application/sdp' or as the 'sdp' field of 'multipart/form-data'.`,
      'unsupported_content_type',
    );
  }
  let parts: ReturnType<typeof parseMultipart>;
  try {
    parts = parseMultipart(body, contentType);
  } catch (err) {
    if (err instanceof MultipartError) throw badRequest(err.message, 'invalid_multipart');
    throw err;
  }
  const sdpPart = parts.find((p) => p.name === 'sdp');
  if (!sdpPart) throw badRequest("Missing required parameter: 'sdp'.", 'missing_required_parameter', 'sdp');
  const sessionPart = parts.find((p) => p.name === 'session');
  let config: SessionConfig | undefined;
  if (sessionPart) {
    let value: unknown;
    try {
      value = JSON.parse(sessionPart.body.toString('utf8'));
    } catch (err) {
      throw badRequest(
        `The 'session' field is not valid JSON: ${(err as Error).message}`,
        'invalid_json',
        'session',
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw badRequest("Invalid type for 'session': expected an object.", 'invalid_type', 'session');
    }
    config = value as SessionConfig;
  }
  return { sdp: sdpPart.body.toString('utf8'), config };
}

/** An engine error with the API's fields (e.g. a config rejected by validation) → 400 envelope. */
function asApiError(err: unknown): CallsErrorBody | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { message?: unknown; code?: unknown; param?: unknown; type?: unknown };
  if (typeof e.message !== 'string' || !('code' in e)) return null;
  return {
    message: e.message,
    type: e.type === 'server_error' ? 'server_error' : 'invalid_request_error',
    param: typeof e.param === 'string' ? e.param : null,
    code: typeof e.code === 'string' ? e.code : null,
  };
}

/** Handle `POST /v1/realtime/calls` (auth already checked). Never throws; always answers `res`. */
export async function handleCallsRequest(
  ctx: CallsContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  options: HandleCallsOptions = {},
): Promise<void> {
  try {
    await handle(ctx, req, res, body, options);
  } catch (err) {
    ctx.log(`webrtc: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    sendCallsError(res, 500, {
      message: `Internal error: ${String(err)}`,
      type: 'server_error',
      param: null,
      code: null,
    });
  }
}

async function handle(
  ctx: CallsContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  options: HandleCallsOptions,
): Promise<void> {
  const registry = options.registry ?? calls;
  const faults = ctx.faults;
  if (hasFault(faults, 'sdp_500')) {
    ctx.log('webrtc: fault sdp_500');
    sendCallsError(res, 500, {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    });
    return;
  }

  let parsed: ParsedBody;
  try {
    parsed = parseBody(req, body);
    const problem = checkOffer(parsed.sdp);
    if (problem) throw badRequest(problem, 'invalid_offer', 'sdp');
  } catch (err) {
    if (err instanceof BadRequest) {
      sendCallsError(res, 400, err.body);
      return;
    }
    sendCallsError(res, 500, { message: String(err), type: 'server_error', param: null, code: null });
    return;
  }

  const iceNever = hasFault(faults, 'ice_never');
  const id = newCallId();
  const peer = createLoopbackPeer();
  let answer: string;
  try {
    answer = await answerOffer(peer, parsed.sdp, { iceNever });
  } catch (err) {
    await peer.pc.close().catch(() => {});
    sendCallsError(res, 400, {
      message: `Failed to apply the SDP offer: ${(err as Error)?.message ?? String(err)}`,
      type: 'invalid_request_error',
      param: 'sdp',
      code: 'invalid_offer',
    });
    return;
  }

  if (iceNever) {
    // The answer is complete and valid, but its candidates point at a port nothing listens on and
    // the peer behind it is closed now: no connectivity check can ever succeed. No session is
    // created (no data channel can ever open); nothing stays open.
    await peer.pc.close().catch(() => {});
    ctx.log(`webrtc ${id}: answered with unreachable ICE (fault ice_never)`);
    respondAnswer(res, id, answer);
    return;
  }

  let session: EngineSession;
  try {
    const model = typeof parsed.config?.model === 'string' ? parsed.config.model : undefined;
    session = ctx.createSession({
      kind: 'webrtc',
      config: parsed.config,
      model,
      callId: id,
      faults: [...faults],
    });
  } catch (err) {
    await peer.pc.close().catch(() => {});
    const apiError = asApiError(err);
    if (apiError) sendCallsError(res, apiError.type === 'server_error' ? 500 : 400, apiError);
    else sendCallsError(res, 500, { message: String(err), type: 'server_error', param: null, code: null });
    return;
  }

  // The client cannot connect before it has the answer, so nothing is missed by wiring up now.
  let call: WebRtcCall;
  try {
    call = new WebRtcCall({
      id,
      peer,
      session,
      faults,
      log: ctx.log,
      connectTimeoutMs: options.connectTimeoutMs,
      onEnded: () => registry.delete(id),
    });
  } catch (err) {
    session.close();
    await peer.pc.close().catch(() => {});
    sendCallsError(res, 500, {
      message: `Could not set up the call: ${String(err)}`,
      type: 'server_error',
      param: null,
      code: null,
    });
    return;
  }
  registry.add(call);
  if (res.destroyed || res.writableEnded) {
    await registry.hangup(id); // the client went away before its answer
    return;
  }
  ctx.log(`webrtc ${id}: answered (${call.codec.name})`);
  respondAnswer(res, id, answer);
}

function respondAnswer(res: ServerResponse, id: string, answer: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(201, {
    'Content-Type': 'application/sdp',
    'Content-Length': Buffer.byteLength(answer),
    Location: `/v1/realtime/calls/${id}`,
  });
  res.end(answer);
}
