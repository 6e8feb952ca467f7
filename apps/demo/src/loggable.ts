/**
 * Session events as plain JSON for display: agents become their names, audio becomes a summary,
 * errors keep their class, code, message and cause. Every key in them (`sk-…`, `ek_…`) is masked with
 * core's `redactSecrets` / `redactValue`, so the event log never shows one.
 * @module
 */
import { redactSecrets, redactValue, type SessionEvent } from '@realtime-agents/core';

function isAgent(v: unknown): v is { name: string; tools: unknown; handoffs: unknown } {
  return typeof v === 'object' && v !== null && 'name' in v && 'tools' in v && 'handoffs' in v;
}

/**
 * Convert any value to something `JSON.stringify` renders usefully, with keys masked.
 * @example JSON.stringify(toLoggable(new Error('bad key sk-proj-…'))) // '{"name":"Error","message":"bad key sk-proj-…"}'
 */
export function toLoggable(value: unknown): unknown {
  return redactValue(plain(value, 0));
}

function plain(value: unknown, depth: number): unknown {
  if (depth > 8) return '…';
  if (value instanceof Int16Array) return `Int16Array(${value.length})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength} bytes)`;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const cause = value.cause === undefined ? {} : { cause: plain(value.cause, depth + 1) };
    return { name: value.name, ...(code !== undefined && { code }), message: value.message, ...cause };
  }
  if (isAgent(value)) return { agent: value.name };
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v, depth + 1);
    return out;
  }
  return value;
}

/** Pretty JSON of a session event. */
export function eventJson(event: SessionEvent): string {
  return JSON.stringify(toLoggable(event), null, 2);
}

/** A one-line summary of an event for the log's collapsed row, with keys masked. */
export function eventSummary(event: SessionEvent): string {
  return redactSecrets(summary(event));
}

function summary(event: SessionEvent): string {
  switch (event.type) {
    case 'raw':
      return event.event.type;
    case 'transcript':
      return `${event.role}${event.final ? ' final' : ''}: ${event.final ? event.text : event.delta}`;
    case 'audio':
      return `${event.data.length} samples @ ${event.sampleRate} Hz`;
    case 'connection':
      return (
        event.state +
        (event.attempt ? ` attempt ${event.attempt} in ${event.delayMs} ms` : '') +
        (event.resumed ? ' (resumed)' : '') +
        (event.rollover ? ' (rollover)' : '') +
        (event.error ? ` (${event.error.message})` : '')
      );
    case 'error':
      return event.error.message;
    case 'tool_start':
    case 'tool_approval_requested':
      return `${event.toolName} ${JSON.stringify(event.arguments)}`;
    case 'tool_end':
      return `${event.toolName} ${event.ok ? 'ok' : 'failed'}`;
    case 'handoff':
      return `${event.from.name} → ${event.to.name}`;
    case 'guardrail_tripped':
      return event.guardrail;
    case 'metrics':
      return `speech→audio ${event.speechEndToFirstAudioMs ?? '–'} ms, response→audio ${event.responseToFirstAudioMs ?? '–'} ms`;
    case 'agent_start':
      return event.agent.name;
    case 'agent_end':
      return event.status === 'completed' ? event.agent.name : `${event.agent.name} ${event.status}`;
    case 'warning':
      return event.warning.message;
    default:
      return '';
  }
}
