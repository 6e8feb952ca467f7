import { describe, expect, it } from 'vitest';
import { EventStream } from './event-stream.js';
import type { SessionEvent } from './events.js';

const ev = (n: number): SessionEvent => ({ type: 'audio_end', itemId: String(n) });

describe('EventStream', () => {
  it('keeps early events for the first iterator only', async () => {
    const s = new EventStream({ onHandlerError: () => {} });
    s.emit(ev(1));
    const a = s.iterate();
    const b = s.iterate();
    s.emit(ev(2));
    s.end();
    const read = async (it: AsyncIterableIterator<SessionEvent>) => {
      const out: string[] = [];
      for await (const e of it) out.push((e as { itemId: string }).itemId);
      return out;
    };
    expect(await read(a)).toEqual(['1', '2']);
    expect(await read(b)).toEqual(['2']);
  });

  it('caps the early buffer, dropping the oldest', async () => {
    const s = new EventStream({ maxBuffered: 3, onHandlerError: () => {} });
    for (let i = 0; i < 5; i++) s.emit(ev(i));
    s.end();
    const out: string[] = [];
    for await (const e of s.iterate()) out.push((e as { itemId: string }).itemId);
    expect(out).toEqual(['2', '3', '4']);
  });

  it('break in for-await unsubscribes the iterator', async () => {
    const s = new EventStream({ onHandlerError: () => {} });
    const it = s.iterate();
    s.emit(ev(1));
    for await (const _ of it) break;
    expect(s.wants('audio_end')).toBe(false);
  });

  it('on() returns an unsubscribe function', () => {
    const s = new EventStream({ onHandlerError: () => {} });
    s.iterate().return?.();
    const seen: number[] = [];
    const off = s.on('audio_end', () => seen.push(1));
    s.emit(ev(1));
    off();
    s.emit(ev(2));
    expect(seen).toEqual([1]);
  });

  it('handler errors go to onHandlerError and other handlers still run', () => {
    const errors: unknown[] = [];
    const s = new EventStream({ onHandlerError: (e) => errors.push(e) });
    const seen: number[] = [];
    s.on('audio_end', () => {
      throw new Error('x');
    });
    s.on('*', () => seen.push(1));
    s.emit(ev(1));
    expect(errors).toHaveLength(1);
    expect(seen).toEqual([1]);
  });

  it('wakes a waiting iterator', async () => {
    const s = new EventStream({ onHandlerError: () => {} });
    const it = s.iterate();
    const p = it.next();
    setTimeout(() => s.emit(ev(7)), 1);
    expect((await p).value).toMatchObject({ itemId: '7' });
  });

  it('drops events emitted after end', async () => {
    const s = new EventStream({ onHandlerError: () => {} });
    const it = s.iterate();
    s.end();
    s.emit(ev(1));
    expect((await it.next()).done).toBe(true);
  });

  it('compacts a long queue without losing order', async () => {
    const s = new EventStream({ onHandlerError: () => {} });
    const it = s.iterate();
    for (let i = 0; i < 5000; i++) s.emit(ev(i));
    s.end();
    let expected = 0;
    for await (const e of it) expect((e as { itemId: string }).itemId).toBe(String(expected++));
    expect(expected).toBe(5000);
  });
});

describe('EventStream early buffer', () => {
  it('does not keep audio or raw events for a late iterator', async () => {
    const s = new EventStream({ onHandlerError: () => {} });
    expect(s.wants('audio')).toBe(false);
    expect(s.wants('raw')).toBe(false);
    expect(s.wants('transcript')).toBe(true);
    s.emit({
      type: 'audio',
      data: new Int16Array(1),
      sampleRate: 24000,
      itemId: 'i',
      contentIndex: 0,
      responseId: 'r',
    });
    s.emit(ev(1));
    s.end();
    const types: string[] = [];
    for await (const e of s.iterate()) types.push(e.type);
    expect(types).toEqual(['audio_end']);
  });
});
