/**
 * getUserMedia with errors a user can act on, and MediaStream checks.
 * @module
 */
import { AudioError } from './errors.js';

/** Voice-friendly defaults: echo cancellation, noise suppression, auto gain, mono. */
export const VOICE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  channelCount: 1,
};

/**
 * Open a microphone (`deviceId` exact when given) with {@link VOICE_CONSTRAINTS} merged with
 * `constraints`. Throws `AudioError` `permission_denied`, `device_not_found` or `unsupported`.
 * @example
 * const stream = await openMicrophone({ deviceId: picker.value });
 */
export async function openMicrophone(
  options: { deviceId?: string; constraints?: MediaTrackConstraints } = {},
): Promise<MediaStream> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new AudioError(
      'unsupported',
      'navigator.mediaDevices.getUserMedia is unavailable: microphone access needs a secure context (https:// or http://localhost).',
    );
  }
  const audio: MediaTrackConstraints = { ...VOICE_CONSTRAINTS, ...options.constraints };
  if (options.deviceId) audio.deviceId = { exact: options.deviceId };
  try {
    return await navigator.mediaDevices.getUserMedia({ audio, video: false });
  } catch (err) {
    throw mediaError(err, options.deviceId);
  }
}

function mediaError(err: unknown, deviceId: string | undefined): AudioError {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new AudioError(
      'permission_denied',
      'Microphone permission was denied. Ask the user to allow microphone access for this site (browser site settings) and try again.',
      { cause: err },
    );
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return new AudioError(
      'device_not_found',
      deviceId
        ? `Microphone ${deviceId} was not found (unplugged?). Pick another from listAudioDevices() or omit deviceId for the default.`
        : 'No microphone was found. Connect one and try again.',
      { cause: err },
    );
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new AudioError(
      'device_not_found',
      'The microphone could not be opened (in use by another application, or a hardware error). Close other apps using it and try again.',
      { cause: err },
    );
  }
  return new AudioError('unsupported', `Could not open the microphone: ${String(err)}`, { cause: err });
}

/** The stream's first audio track, checked to be live. Throws `no_audio_track` or `track_ended`. */
export function liveAudioTrack(stream: MediaStream | null | undefined, what: string): MediaStreamTrack {
  if (!stream || typeof stream.getAudioTracks !== 'function') {
    throw new AudioError(
      'no_audio_track',
      `${what}: expected a MediaStream with an audio track, got ${String(stream)}.`,
    );
  }
  const track = stream.getAudioTracks()[0];
  if (!track) {
    throw new AudioError(
      'no_audio_track',
      `${what}: the MediaStream has no audio track. Pass a stream from getUserMedia({ audio: true }) or a remote stream that carries audio.`,
    );
  }
  if (track.readyState === 'ended') {
    throw new AudioError(
      'track_ended',
      `${what}: the audio track has already ended (device unplugged, permission revoked or track stopped). Get a new stream.`,
    );
  }
  return track;
}
