/**
 * The audio package's error class. Every problem (bad frame, wrong rate, missing track, denied
 * microphone, closed context) is an `AudioError` with a stable `code` and a message that says what
 * to do.
 * @module
 */

/** Stable codes of {@link AudioError}. */
export type AudioErrorCode =
  | 'invalid_argument'
  | 'odd_byte_length'
  | 'invalid_sample_rate'
  | 'invalid_base64'
  | 'track_ended'
  | 'no_audio_track'
  | 'permission_denied'
  | 'device_not_found'
  | 'context_closed'
  | 'context_suspended'
  | 'worklet_load_failed'
  | 'unsupported'
  | 'closed'
  | 'output_silent';

/**
 * An audio problem a program can act on.
 * @example
 * try { base64ToInt16(b64) } catch (e) { if (e instanceof AudioError && e.code === 'odd_byte_length') drop() }
 */
export class AudioError extends Error {
  /** Stable machine-readable code. */
  readonly code: AudioErrorCode;
  constructor(code: AudioErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AudioError';
    this.code = code;
  }
}
