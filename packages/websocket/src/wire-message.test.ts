import { pcm16ToBase64 } from '@realtime-agents/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mayBeAudioDelta, parseWireMessage } from './wire-message.js';

afterEach(() => vi.restoreAllMocks());

const audioDelta = (samples: Int16Array) =>
  JSON.stringify({
    type: 'response.output_audio.delta',
    event_id: 'evt_1',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: 0,
    content_index: 0,
    delta: pcm16ToBase64(samples),
  });

describe('parseWireMessage', () => {
  it('parses a long transcript delta once, with JSON.parse only', () => {
    const text = JSON.stringify({
      type: 'response.output_audio_transcript.delta',
      event_id: 'evt_2',
      item_id: 'item_1',
      delta: 'word '.repeat(2000),
    });
    expect(mayBeAudioDelta(text)).toBe(false);
    const parse = vi.spyOn(JSON, 'parse');
    const parsed = parseWireMessage(text, true);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0]![0]).toBe(text);
    expect(parsed?.pcm).toBeUndefined();
    expect(parsed?.event.delta).toBe('word '.repeat(2000));
  });

  it('takes the fast path for a PCM16 audio delta: samples decoded, the base64 never JSON.parsed', () => {
    const samples = Int16Array.from({ length: 4800 }, (_, i) => (i * 37) % 30000);
    const text = audioDelta(samples);
    const parse = vi.spyOn(JSON, 'parse');
    const parsed = parseWireMessage(text, true);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(String(parse.mock.calls[0]![0]).length).toBeLessThan(300); // the envelope without the audio
    expect(parsed?.pcm).toEqual(samples);
    expect(parsed?.event.type).toBe('response.output_audio.delta');
    expect(parsed?.event.delta).toBe(pcm16ToBase64(samples));
  });

  it('uses JSON.parse for audio when the session is not PCM16, and returns null for non-objects', () => {
    const parsed = parseWireMessage(audioDelta(new Int16Array(480)), false);
    expect(parsed?.pcm).toBeUndefined();
    expect(parsed?.event.type).toBe('response.output_audio.delta');
    expect(parseWireMessage('not json', true)).toBeNull();
    expect(parseWireMessage('[1,2]', true)).toBeNull();
    expect(parseWireMessage('null', true)).toBeNull();
  });
});
