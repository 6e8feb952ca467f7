/**
 * The Calls API (`POST /v1/realtime/calls/{id}/accept|reject|refer|hangup`, protocol §8.4) and the
 * emulator-only `POST /emulator/sip/incoming`, which rings a SIP call and sends the signed
 * `realtime.call.incoming` webhook.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { SessionConfig } from '@realtime-agents/core';
import { RealtimeApiError } from '../engine/api-error.js';
import type { EngineSessionImpl } from '../engine/session.js';
import { newId } from '../ids.js';
import type { CallTable } from './call-table.js';
import { httpErrors, sendError, sendJson } from './http-error.js';
import { readWav } from '../speech/wav.js';
import { SipCaller, toLine } from './sip-caller.js';
import { callIncomingDelivery, deliverWebhook } from './webhook.js';

/** What the Calls API needs from the emulator. */
export interface CallsApiHost {
  calls: CallTable;
  createSipSession(callId: string, config: SessionConfig): EngineSessionImpl;
  webhookUrl?: string;
  webhookSecret?: string;
  print(line: string): void;
  /** Text → PCM16 mono 24 kHz (the emulator's synthesizer), for a caller's `say`. */
  speak(text: string): Promise<Int16Array>;
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  if (!body.length) return {};
  try {
    const v = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Handle `POST /v1/realtime/calls/{id}/{action}` (auth already checked). */
export async function handleCallAction(
  host: CallsApiHost,
  id: string,
  action: string,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const json = parseJson(body);
  if (json === null)
    return sendError(res, 400, httpErrors.invalidBody('The request body is not valid JSON.'));
  const sip = host.calls.sip.get(id);
  if (action === 'hangup') {
    if (!(await host.calls.hangup(id))) return sendError(res, 404, httpErrors.callNotFound(id));
    host.print(`call ${id} hung up`);
    res.writeHead(200).end();
    return;
  }
  if (!sip && !host.calls.session(id)) return sendError(res, 404, httpErrors.callNotFound(id));
  if (action === 'accept') {
    if (sip?.status !== 'ringing')
      return sendError(
        res,
        400,
        httpErrors.invalidBody(`Call ${id} is not ringing (it can be accepted once).`, 'call_id'),
      );
    if (json.type !== 'realtime')
      return sendError(res, 400, {
        message: "Missing required parameter: 'type'.",
        type: 'invalid_request_error',
        param: 'type',
        code: 'missing_required_parameter',
      });
    try {
      sip.session = host.createSipSession(id, json as unknown as SessionConfig);
    } catch (error) {
      if (error instanceof RealtimeApiError) return sendError(res, 400, error.toPayload() as never);
      throw error;
    }
    sip.status = 'accepted';
    host.calls.settle(id);
    host.print(`call ${id} accepted → session ${sip.session.id}`);
    res.writeHead(200).end();
    return;
  }
  if (action === 'reject') {
    if (sip?.status !== 'ringing')
      return sendError(res, 400, httpErrors.invalidBody(`Call ${id} is not ringing.`, 'call_id'));
    const status = json.status_code ?? 603;
    if (typeof status !== 'number' || status < 400 || status > 699)
      return sendError(
        res,
        400,
        httpErrors.invalidBody('status_code must be a SIP status between 400 and 699.', 'status_code'),
      );
    sip.status = 'rejected';
    sip.rejectStatus = status;
    sip.caller?.stop(`rejected ${status}`);
    host.calls.sip.delete(id);
    host.calls.settle(id);
    host.print(`call ${id} rejected (${status})`);
    res.writeHead(200).end();
    return;
  }
  if (action === 'refer') {
    const target = json.target_uri;
    if (typeof target !== 'string' || !/^(sip|sips|tel):/.test(target))
      return sendError(
        res,
        400,
        httpErrors.invalidBody("target_uri must be a 'sip:' or 'tel:' URI.", 'target_uri'),
      );
    host.print(`call ${id} referred to ${target}`);
    if (sip) {
      sip.status = 'referred';
      sip.referredTo = target;
      // The call leaves this project: the attached socket closes, as with the real API.
      host.calls.end(id, `call referred to ${target}`);
    }
    res.writeHead(200).end();
    return;
  }
  sendError(res, 404, httpErrors.notFound(`POST /v1/realtime/calls/${id}/${action}`));
}

/** The caller's speech from `say` (synthesized) or `wav` (base64 WAV file), for the line. */
async function callerSpeech(host: CallsApiHost, json: Record<string, unknown>): Promise<Uint8Array | string> {
  if (json.say !== undefined && json.wav !== undefined) return "Give either 'say' or 'wav', not both.";
  if (typeof json.say === 'string') return toLine(await host.speak(json.say), 24000);
  if (json.say !== undefined) return "'say' must be the sentence the caller speaks (a string).";
  if (typeof json.wav === 'string') {
    try {
      const wav = readWav(Buffer.from(json.wav, 'base64'));
      return toLine(wav.samples, wav.sampleRate);
    } catch (error) {
      return `'wav' must be a base64 PCM16 mono WAV file: ${(error as Error).message}`;
    }
  }
  if (json.wav !== undefined) return "'wav' must be a base64 string of a WAV file.";
  return new Uint8Array(0);
}

function msOption(json: Record<string, unknown>, name: string, fallback: number): number | string {
  const v = json[name] ?? fallback;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 600_000
    ? v
    : `'${name}' must be a number of milliseconds between 0 and 600000 (got ${JSON.stringify(v)}).`;
}

/**
 * Handle `POST /emulator/sip/incoming`: ring a call with an emulated caller (`say` or `wav`,
 * `lead_ms`), send the webhook, answer `{ call_id, webhook_status, status }` (the status once the
 * webhook was answered; with `wait: true`, once the call was accepted/rejected/referred or timed
 * out). A call not answered within `answer_timeout_ms` (default 30000) is dropped (`timeout`).
 */
export async function handleSipIncoming(
  host: CallsApiHost,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const json = parseJson(body);
  if (json === null)
    return sendError(res, 400, httpErrors.invalidBody('The request body is not valid JSON.'));
  const speech = await callerSpeech(host, json);
  if (typeof speech === 'string') return sendError(res, 400, httpErrors.invalidBody(speech));
  const leadMs = msOption(json, 'lead_ms', 300);
  const timeoutMs = msOption(json, 'answer_timeout_ms', 30_000);
  if (typeof leadMs === 'string') return sendError(res, 400, httpErrors.invalidBody(leadMs, 'lead_ms'));
  if (typeof timeoutMs === 'string')
    return sendError(res, 400, httpErrors.invalidBody(timeoutMs, 'answer_timeout_ms'));
  const id = newId.rtcCall();
  const from = typeof json.from === 'string' ? json.from : 'sip:+15555550100@emulator.invalid';
  const to = typeof json.to === 'string' ? json.to : 'sip:+15555550199@emulator.invalid';
  const sipHeaders = Array.isArray(json.sip_headers)
    ? (json.sip_headers as Array<{ name: string; value: string }>)
    : [
        { name: 'From', value: from },
        { name: 'To', value: to },
        { name: 'Call-ID', value: `${newId.call()}@emulator.invalid` },
      ];
  const caller = new SipCaller({ speech, leadMs });
  host.calls.ring({ id, status: 'ringing', sipHeaders, caller });
  const url = typeof json.webhook_url === 'string' ? json.webhook_url : host.webhookUrl;
  let webhookStatus: number | null = null;
  // Nobody answering within the timeout drops the call, as a carrier gives up on a ringing line.
  const answered = host.calls.decided(id, timeoutMs).then(() => {
    if (host.calls.sip.get(id)?.status !== 'ringing') return;
    host.calls.end(id, 'not answered');
    host.print(`call ${id} not answered within ${timeoutMs} ms`);
  });
  if (url) {
    const delivery = callIncomingDelivery(host.webhookSecret ?? 'whsec_ZW11bGF0b3I=', id, sipHeaders);
    webhookStatus = await deliverWebhook(url, delivery);
  }
  if (json.wait === true) await answered;
  const reason = caller.endReason ?? '';
  const status =
    host.calls.sip.get(id)?.status ??
    (reason === 'not answered'
      ? 'timeout'
      : reason.startsWith('rejected')
        ? 'rejected'
        : reason.startsWith('call referred')
          ? 'referred'
          : 'ended');
  host.print(
    `call ${id} ringing (webhook ${url ? `→ ${url}: ${webhookStatus}` : 'not configured'}) → ${status}`,
  );
  sendJson(res, 201, { call_id: id, webhook_status: webhookStatus, status });
}

/** Handle `POST /emulator/sip/calls/{id}/hangup`: the caller hangs up (the attached socket closes). */
export function handleCallerHangup(host: CallsApiHost, id: string, res: ServerResponse): void {
  if (!host.calls.end(id, 'caller hung up')) {
    sendError(res, 404, httpErrors.callNotFound(id));
    return;
  }
  host.print(`call ${id}: the caller hung up`);
  sendJson(res, 200, { call_id: id, status: 'ended' });
}

/** Handle `GET /emulator/sip/calls/{id}` (state) and `…/recording` (WAV, PCM16 mono 8 kHz). */
export function serveSipCall(host: CallsApiHost, id: string, recording: boolean, res: ServerResponse): void {
  const caller = host.calls.callers.get(id);
  if (!caller) {
    sendError(res, 404, httpErrors.callNotFound(id));
    return;
  }
  if (recording) {
    const wav = caller.recordingWav();
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length }).end(wav);
    return;
  }
  const sip = host.calls.sip.get(id);
  sendJson(res, 200, {
    call_id: id,
    status: sip?.status ?? 'ended',
    end_reason: caller.endReason,
    recording_ms: caller.recordedMs,
  });
}
