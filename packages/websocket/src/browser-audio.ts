/**
 * Browser audio for a WebSocket session, loaded on demand so Node never imports it: the microphone
 * (AudioWorklet capture to PCM16 frames at the
 * session's input rate, 24 kHz PCM or 8 kHz G.711) and the player.
 * @module
 */
import type { MicCapture } from '@realtime-agents/audio';

/** Options of {@link startMicrophone}. */
export interface MicrophoneOptions {
  sampleRate: number;
  stream?: MediaStream;
  deviceId?: string;
  constraints?: MediaTrackConstraints;
  muted?: boolean;
  /** Every captured frame (silence while muted, so server VAD ends a turn cleanly). */
  onFrame(pcm: Int16Array): void;
  onError(error: Error): void;
}

/**
 * Open the microphone (or capture `stream`) with the audio package. Loaded on demand so Node never
 * imports browser audio code.
 * @example
 * const mic = await startMicrophone({ sampleRate: 24000, onFrame: (pcm) => send(pcm), onError });
 * mic.mute(true); mic.close();
 */
export async function startMicrophone(options: MicrophoneOptions): Promise<MicCapture> {
  const { createMicCapture } = await import('@realtime-agents/audio');
  return createMicCapture({
    sampleRate: options.sampleRate,
    frameMs: 20,
    stream: options.stream,
    deviceId: options.deviceId,
    constraints: options.constraints,
    muted: options.muted,
    onFrame: (frame) => options.onFrame(frame.pcm),
    onError: (e) => options.onError(e),
  });
}

/**
 * Create the browser player at `sampleRate` on `sinkId`, loaded on demand like the microphone.
 * @example const player = await startPlayer({ sampleRate: 24000 });
 */
export async function startPlayer(options: { sampleRate: number; sinkId?: string; jitterMs?: number }) {
  const { createPlayer } = await import('@realtime-agents/audio');
  return createPlayer({ sampleRate: options.sampleRate, sinkId: options.sinkId, jitterMs: options.jitterMs });
}
