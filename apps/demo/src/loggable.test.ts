import type { SessionEvent } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { eventJson, eventSummary } from './loggable.js';

const SK = 'sk-fake-NOTAREALKEY0TESTONLYKLMN';
const EK = 'ek_68af0123456789abcdef0123456789ab';

/** The events through which a key reached the log before redaction. */
const leaky: SessionEvent[] = [
  {
    type: 'error',
    error: Object.assign(
      new Error('WebSocket handshake refused (401)', {
        cause: new Error(`Incorrect API key provided: ${SK}. Subprotocol openai-insecure-api-key.${EK}`),
      }),
      { code: 'unauthorized' },
    ),
  },
  {
    type: 'raw',
    event: {
      type: 'error',
      event_id: 'event_1',
      error: {
        type: 'invalid_request_error',
        code: null,
        message: `Bad key ${EK}`,
        param: null,
        event_id: null,
      },
    },
  } as SessionEvent,
  {
    type: 'raw',
    event: { type: 'session.created', event_id: 'event_2', session: { client_secret: { value: EK } } },
  } as unknown as SessionEvent,
  { type: 'connection', state: 'reconnecting', attempt: 1, delayMs: 250, error: new Error(`401 for ${SK}`) },
  { type: 'warning', warning: { code: 'x', message: `retrying with ${EK}` } } as unknown as SessionEvent,
];

describe('event log text', () => {
  it.each(leaky.map((e) => [e.type, e] as const))('%s: no key in the summary or the JSON', (_, event) => {
    const text = `${eventSummary(event)}\n${eventJson(event)}`;
    expect(text).not.toContain(SK);
    expect(text).not.toContain(EK);
    expect(text).not.toMatch(/0123456789abcdef/);
  });

  it('keeps errors readable: class, code, message and the masked cause', () => {
    expect(JSON.parse(eventJson(leaky[0]!))).toEqual({
      type: 'error',
      error: {
        name: 'Error',
        code: 'unauthorized',
        message: 'WebSocket handshake refused (401)',
        cause: {
          name: 'Error',
          message: 'Incorrect API key provided: sk-…KLMN. Subprotocol openai-insecure-api-key.ek_…89ab',
        },
      },
    });
    expect(eventSummary(leaky[1]!)).toBe('error');
  });
});
