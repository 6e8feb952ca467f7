import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';

describe('EventLog', () => {
  it('summarises audio payloads, keeps other events intact', () => {
    const log = new EventLog();
    const audio = 'A'.repeat(4000);
    log.record('s', 'in', JSON.stringify({ type: 'input_audio_buffer.append', audio }));
    log.record(
      's',
      'out',
      JSON.stringify({ type: 'response.output_audio.delta', event_id: 'e', delta: audio, item_id: 'i' }),
    );
    log.record('s', 'in', '{broken');
    const entries = log.get('s')!;
    expect(entries[0]!.event).toEqual({
      type: 'input_audio_buffer.append',
      audio: '<3000 bytes of base64 audio>',
    });
    expect(entries[1]!.event).toEqual({
      type: 'response.output_audio.delta',
      event_id: 'e',
      delta: '<3000 bytes of base64 audio>',
      item_id: 'i',
    });
    expect(entries[2]!.event).toBe('{broken');
  });

  it('bounds events per session and the number of sessions', () => {
    const log = new EventLog(10, 3);
    for (let i = 0; i < 40; i++) log.record('a', 'out', `{"n":${i}}`);
    expect(log.get('a')!.length).toBeLessThanOrEqual(13);
    expect(log.get('a')!.at(-1)!.event).toEqual({ n: 39 });
    for (const id of ['b', 'c', 'd']) log.record(id, 'in', '{}');
    expect(log.sessionIds()).toEqual(['b', 'c', 'd']);
  });
});
