import { describe, expect, it } from 'vitest';
import { eventTooLargeError, oversizeBytes, utf8Length } from './event-size.js';

describe('event size', () => {
  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const s of ['', 'abc', 'héllo', '日本語', '😀 ok', '\ud800x']) {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).byteLength);
    }
  });

  it('is null under the limit, the size over it', () => {
    expect(oversizeBytes('x'.repeat(100), 100)).toBeNull();
    expect(oversizeBytes('é'.repeat(60), 100)).toBe(120);
    expect(oversizeBytes('x'.repeat(101), 100)).toBe(101);
  });

  it('event_too_large says what, how big, which limit and what to do', () => {
    const e = eventTooLargeError('conversation.item.create', 70000, 65536, 'the WebRTC data channel');
    expect(e.code).toBe('event_too_large');
    expect(e.message).toMatch(
      /'conversation\.item\.create' event is 70000 bytes.*65536-byte maximum message size of the WebRTC data channel/,
    );
    expect(e.message).toMatch(/downscale images/);
  });
});
