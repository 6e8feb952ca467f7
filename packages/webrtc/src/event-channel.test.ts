import { TransportError } from '@realtime-agents/core';
import type { ClientEvent } from '@realtime-agents/core/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MESSAGE_SIZE, parseMessage, sendEvent } from './event-channel.js';

function fakeChannel(readyState: RTCDataChannelState = 'open') {
  const sent: string[] = [];
  return { channel: { readyState, send: (s: string) => sent.push(s) } as unknown as RTCDataChannel, sent };
}

const item = (text: string): ClientEvent => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('sendEvent', () => {
  it('sends one JSON event per message', () => {
    const { channel, sent } = fakeChannel();
    sendEvent(channel, { type: 'response.create' }, 262144);
    expect(sent).toEqual(['{"type":"response.create"}']);
  });

  it('refuses events above the negotiated max message size with a clear error, sending nothing', () => {
    const { channel, sent } = fakeChannel();
    const big = item('x'.repeat(70_000));
    let error: unknown;
    try {
      sendEvent(channel, big, 65536);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('event_too_large');
    expect((error as Error).message).toMatch(/conversation\.item\.create.*70\d{3} bytes.*65536-byte maximum/);
    expect(sent).toHaveLength(0);
    sendEvent(channel, big, 262144); // fits a bigger limit
    expect(sent).toHaveLength(1);
  });

  it('counts UTF-8 bytes, not characters, and defaults to 64 KiB', () => {
    const { channel } = fakeChannel();
    // 30,000 three-byte characters: 90 KB on the wire although only 30k UTF-16 units
    expect(() => sendEvent(channel, item('€'.repeat(30_000)), null)).toThrow(
      new RegExp(`${DEFAULT_MAX_MESSAGE_SIZE}-byte`),
    );
  });

  it('throws closed when the channel is not open', () => {
    const { channel } = fakeChannel('closing');
    expect(() => sendEvent(channel, { type: 'response.create' })).toThrow(/data channel is closing/);
  });
});

describe('parseMessage', () => {
  it('parses objects and rejects the rest', () => {
    expect(parseMessage('{"type":"session.created"}')).toEqual({ type: 'session.created' });
    expect(parseMessage('{"type":')).toBeNull();
    expect(parseMessage('[1]')).toBeNull();
    expect(parseMessage(new ArrayBuffer(2))).toBeNull();
  });
});
