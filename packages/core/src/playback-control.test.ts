import { describe, expect, it } from 'vitest';
import type { SessionEvent } from './events.js';
import { playbackControl } from './playback-control.js';
import type { ClientEvent } from './protocol/client-events.js';
import type { PlaybackPosition, Transport } from './transport.js';

function setup(serverManagedAudio: boolean, position: PlaybackPosition | null) {
  const sent: ClientEvent[] = [];
  const emitted: SessionEvent[] = [];
  let playing = position;
  const transport = {
    serverManagedAudio,
    playback: () => playing,
    stopPlayback: () => {
      const p = playing;
      playing = null;
      return p;
    },
  } as unknown as Transport;
  let id = 0;
  const playback = playbackControl({
    transport,
    send: (e) => sent.push(e),
    emit: (e) => emitted.push(e),
    nextEventId: () => `cli_${++id}`,
    lastAssistantItem: () => 'item_last',
    currentAudioItem: () => 'item_now',
  });
  return { playback, sent, emitted };
}

const at = (playedMs: number): PlaybackPosition => ({
  itemId: 'item_a',
  contentIndex: 0,
  playedMs,
  queuedMs: 0,
});

describe('PlaybackControl', () => {
  it('client-played audio: interrupt cancels and truncates at what was heard, never past what arrived', () => {
    const { playback, sent, emitted } = setup(false, at(1500.7));
    playback.received({
      data: new Int16Array(24_000),
      sampleRate: 24_000,
      itemId: 'item_a',
      contentIndex: 0,
      responseId: 'r',
    });
    playback.interrupt('resp_1');
    expect(sent).toEqual([
      { type: 'response.cancel', event_id: 'cli_1', response_id: 'resp_1' },
      {
        type: 'conversation.item.truncate',
        event_id: 'cli_2',
        item_id: 'item_a',
        content_index: 0,
        audio_end_ms: 1000,
      },
    ]);
    expect(emitted).toEqual([{ type: 'audio_interrupted', itemId: 'item_a', playedMs: 1000 }]);
    expect(playback.audible()).toBe(false);
  });

  it('server-played audio: interrupt cancels and clears the output buffer, never truncates', () => {
    const { playback, sent, emitted } = setup(true, at(900));
    playback.interrupt('resp_1');
    expect(sent.map((e) => e.type)).toEqual(['response.cancel', 'output_audio_buffer.clear']);
    expect(emitted).toEqual([]);
    // barge-in is the server's to handle
    playback.bargeIn('resp_1', false);
    expect(sent).toHaveLength(2);
  });

  it('server buffer events: started → stopped ends the audio, cleared reports the interruption', () => {
    const { playback, emitted } = setup(true, null);
    expect(
      playback.route({ type: 'output_audio_buffer.started', event_id: 'e', response_id: 'resp_1' }),
    ).toBe(true);
    expect(playback.audible()).toBe(true);
    playback.route({ type: 'output_audio_buffer.stopped', event_id: 'e', response_id: 'resp_1' });
    playback.route({ type: 'output_audio_buffer.cleared', event_id: 'e', response_id: 'resp_2' });
    expect(emitted).toEqual([
      { type: 'audio_end', itemId: 'item_now' },
      { type: 'audio_interrupted', itemId: 'item_last', playedMs: 0 },
    ]);
    expect(playback.route({ type: 'response.done' } as never)).toBe(false);
  });

  it('a drop stops what plays and reports where it was cut', () => {
    const { playback, emitted } = setup(false, at(420.9));
    const cut = playback.snapshot();
    playback.dropped(cut);
    expect(cut.position?.playedMs).toBe(420.9);
    expect(emitted).toEqual([{ type: 'audio_interrupted', itemId: 'item_a', playedMs: 420 }]);
  });
});
