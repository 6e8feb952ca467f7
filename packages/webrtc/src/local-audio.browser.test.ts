// The microphone's opener is a chunk the call loads as it starts: it is asked for at once, and a
// chunk that fails to load is a clear `microphone` error at open, not a hang.
import { TransportError } from '@realtime-agents/core';
import { describe, expect, it } from 'vitest';
import { loadMicrophone } from './audio-loaders.js';
import { LocalAudio } from './local-audio.js';

describe('LocalAudio: the microphone opener loaded on demand', () => {
  it('starts loading the opener when created, and opens the (fake) microphone with it', async () => {
    let asked = 0;
    const local = new LocalAudio({
      injectRate: 24000,
      onError: () => undefined,
      loadMicrophone: () => {
        asked += 1;
        return loadMicrophone();
      },
    });
    expect(asked).toBe(1);
    const stream = await local.open();
    expect(stream.getAudioTracks()[0]?.readyState).toBe('live');
    local.close();
    expect(stream.getAudioTracks()[0]?.readyState).toBe('ended');
  });

  it('a given stream needs no opener', () => {
    let asked = 0;
    const track = new AudioContext().createMediaStreamDestination().stream;
    const local = new LocalAudio({
      injectRate: 24000,
      mediaStream: track,
      onError: () => undefined,
      loadMicrophone: () => {
        asked += 1;
        return loadMicrophone();
      },
    });
    expect(asked).toBe(0);
    local.close();
  });

  it('an opener chunk that fails to load is a microphone error naming the cause', async () => {
    const local = new LocalAudio({
      injectRate: 24000,
      onError: () => undefined,
      loadMicrophone: () => Promise.reject(new Error('Failed to fetch dynamically imported module')),
    });
    const error = await local.open().then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('microphone');
    expect((error as Error).message).toMatch(/dynamically imported module/);
    local.close();
  });
});
