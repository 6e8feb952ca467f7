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
import { callIncomingDelivery, deliverWebhook } from './webhook.js';

/** What the Calls API needs from the emulator. */
export interface CallsApiHost {
  calls: CallTable;
  createSipSession(callId: string, config: SessionConfig): EngineSessionImpl;
  webhookUrl?: string;
  webhookSecret?: string;
  print(line: string): void;
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
    host.calls.sip.delete(id);
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
    if (sip) {
      sip.status = 'referred';
      sip.referredTo = target;
    }
    host.print(`call ${id} referred to ${target}`);
    res.writeHead(200).end();
    return;
  }
  sendError(res, 404, httpErrors.notFound(`POST /v1/realtime/calls/${id}/${action}`));
}

/** Handle `POST /emulator/sip/incoming`: ring a call, send the webhook, answer `{call_id, webhook_status}`. */
export async function handleSipIncoming(
  host: CallsApiHost,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const json = parseJson(body);
  if (json === null)
    return sendError(res, 400, httpErrors.invalidBody('The request body is not valid JSON.'));
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
  host.calls.sip.set(id, { id, status: 'ringing', sipHeaders });
  const url = typeof json.webhook_url === 'string' ? json.webhook_url : host.webhookUrl;
  let webhookStatus: number | null = null;
  if (url) {
    const delivery = callIncomingDelivery(host.webhookSecret ?? 'whsec_ZW11bGF0b3I=', id, sipHeaders);
    webhookStatus = await deliverWebhook(url, delivery);
  }
  host.print(`call ${id} ringing (webhook ${url ? `→ ${url}: ${webhookStatus}` : 'not configured'})`);
  sendJson(res, 201, { call_id: id, webhook_status: webhookStatus });
}
