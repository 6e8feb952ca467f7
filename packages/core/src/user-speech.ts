/**
 * The user's side of a voice turn as server VAD reports it: speech started (a barge-in stops the
 * answer that is playing), speech stopped (the latency clock starts), and a committed buffer.
 * @module
 */
import type { SessionEvent } from './events.js';
import type { TurnDetectionOption } from './options.js';
import type { PlaybackControl } from './playback-control.js';
import type { ServerEvent } from './protocol/server-events.js';
import type { ResponseSequencer } from './response-sequencer.js';
import type { TurnMetrics } from './turn-metrics.js';

/** What the user-speech part works with. */
export interface UserSpeechDeps {
  turnDetection(): TurnDetectionOption | undefined;
  playback: Pick<PlaybackControl, 'bargeIn'>;
  sequencer: Pick<ResponseSequencer, 'activeResponseId'>;
  metrics: Pick<TurnMetrics, 'userSpoke'>;
  emit(event: SessionEvent): void;
  now(): number;
}

/**
 * Tracks whether the user is speaking.
 * @example
 * const speech = new UserSpeech(deps);
 * speech.route(serverEvent); if (!speech.speaking) rollOver();
 */
export class UserSpeech {
  readonly #d: UserSpeechDeps;
  /** True between `speech_started` and `speech_stopped`. */
  speaking = false;

  constructor(deps: UserSpeechDeps) {
    this.#d = deps;
  }

  /** Handle `e` if it is about the input buffer; false when it is not. */
  route(e: ServerEvent): boolean {
    const d = this.#d;
    switch (e.type) {
      case 'input_audio_buffer.speech_started': {
        this.speaking = true;
        d.emit({ type: 'speech_started', itemId: e.item_id, audioStartMs: e.audio_start_ms });
        const td = d.turnDetection();
        d.playback.bargeIn(d.sequencer.activeResponseId, td ? td.interruptResponse !== false : true);
        return true;
      }
      case 'input_audio_buffer.speech_stopped':
        this.speaking = false;
        d.metrics.userSpoke(d.now());
        d.emit({ type: 'speech_stopped', itemId: e.item_id, audioEndMs: e.audio_end_ms });
        return true;
      case 'input_audio_buffer.committed':
        if (d.turnDetection() === null) d.metrics.userSpoke(d.now());
        return true;
      default:
        return false;
    }
  }
}
