import { describe, expect, it } from 'vitest';
import type { ClientEvent } from './protocol/client-events.js';
import { ReconnectHold } from './reconnect-hold.js';

const commit: ClientEvent = { type: 'input_audio_buffer.commit' };

function released(hold: ReconnectHold) {
  const out: (string | number[])[] = [];
  const r = hold.release({ send: (e) => out.push(e.type), sendAudio: (a) => out.push([...a]) });
  return { out, droppedMs: r.droppedMs };
}

describe('ReconnectHold', () => {
  it('releases events and audio in the order given, so a commit follows its audio', () => {
    const hold = new ReconnectHold(1000, 10);
    hold.audio(new Int16Array([1, 2]));
    hold.event(commit);
    hold.audio(new Int16Array([3]));
    expect(released(hold)).toEqual({ out: [[1, 2], 'input_audio_buffer.commit', [3]], droppedMs: 0 });
    expect(released(hold).out).toEqual([]);
  });

  it('keeps at most the bound of audio, dropping the oldest samples and saying how much', () => {
    const hold = new ReconnectHold(500, 10); // 5 samples
    hold.audio(new Int16Array([1, 2, 3]));
    hold.event(commit);
    hold.audio(new Int16Array([4, 5, 6, 7]));
    expect(hold.samples).toBe(5);
    expect(released(hold)).toEqual({ out: [[3], 'input_audio_buffer.commit', [4, 5, 6, 7]], droppedMs: 200 });
  });

  it('copies the audio it holds', () => {
    const hold = new ReconnectHold(1000, 10);
    const buf = new Int16Array([9, 9]);
    hold.audio(buf);
    buf.fill(0);
    expect(released(hold).out).toEqual([[9, 9]]);
  });
});
