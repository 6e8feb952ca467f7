import { TransportError } from '@realtime-agents/core';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test/helpers.js';
import type { TapFrame } from './playback-tracker.js';
import { RemoteAudio, type RemoteAudioOptions } from './remote-audio.js';
import { loadStreamTap } from './audio-loaders.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A tone as a MediaStream (stands in for the remote track). */
function toneStream(): MediaStream {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const dest = ctx.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  cleanups.push(() => void ctx.close());
  return dest.stream;
}

function remote(options: Partial<RemoteAudioOptions> = {}) {
  const frames: TapFrame[] = [];
  const errors: Error[] = [];
  const r = new RemoteAudio({ onFrame: (f) => frames.push(f), onError: (e) => errors.push(e), ...options });
  cleanups.push(() => r.close());
  return { r, frames, errors };
}

describe('RemoteAudio', () => {
  it('starts loading the tap when created, and taps the stream once it plays', async () => {
    let loads = 0;
    const { r, frames, errors } = remote({
      loadTap: () => {
        loads++;
        return loadStreamTap();
      },
    });
    expect(loads).toBe(1);
    r.play(toneStream());
    await until(() => frames.length > 3, 5_000, 'tap frames');
    expect(loads).toBe(1);
    expect(errors).toEqual([]);
    expect(frames[0]!.sampleRate).toBe(24000);
  });

  it('loads the tap chunk once per page', () => {
    expect(loadStreamTap()).toBe(loadStreamTap());
  });

  it('reports a tap chunk that failed to load as audio_tap_failed; the audio still plays', async () => {
    const { r, frames, errors } = remote({
      loadTap: () =>
        Promise.reject(new TypeError('Failed to fetch dynamically imported module: audio-tap.js')),
    });
    const stream = toneStream();
    r.play(stream);
    await until(() => errors.length > 0, 5_000, 'the tap failure');
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]).toMatchObject({ code: 'audio_tap_failed' });
    expect(errors[0]!.message).toContain('Failed to fetch dynamically imported module');
    expect(r.element.srcObject).toBe(stream);
    expect(frames).toEqual([]);
  });

  it('says nothing about a failed load when closed before the track arrived', async () => {
    const { r, errors } = remote({ loadTap: () => Promise.reject(new Error('offline')) });
    r.close();
    await new Promise((res) => setTimeout(res, 50));
    expect(errors).toEqual([]);
  });

  it('silence() mutes at once and unsilence() restores; the element is unmuted again on close', () => {
    const element = document.createElement('audio');
    const { r } = remote({ audioElement: element });
    r.silence();
    expect(element.muted).toBe(true);
    r.unsilence();
    expect(element.muted).toBe(false);
    r.silence();
    r.close();
    expect(element.muted).toBe(false);
  });

  it('leaves an element the app muted muted, and one it unmuted meanwhile alone', async () => {
    const element = document.createElement('audio');
    element.muted = true;
    const { r } = remote({ audioElement: element });
    r.silence();
    r.unsilence();
    expect(element.muted).toBe(true);

    element.muted = false;
    await new Promise((res) => setTimeout(res, 0)); // volumechange
    r.silence();
    element.muted = false; // the app's own unmute while silenced…
    await new Promise((res) => setTimeout(res, 0));
    element.muted = true; // …then its mute: not ours to undo
    r.unsilence();
    expect(element.muted).toBe(true);
  });
});
