/**
 * Injection: PCM16 frames → a MediaStreamTrack (a player rendering into a
 * MediaStreamAudioDestinationNode), so `sendAudio` works over WebRTC as well.
 * @module
 */
import { createAudioContext } from './context.js';
import { AudioError } from './errors.js';
import { createPlayer, type Player, type PlayerOptions } from './player.js';

/** A track fed from PCM16 frames. Create with {@link createAudioInjector}. */
export interface AudioInjector {
  /** The live track; give it to `RTCRtpSender.replaceTrack()` or `addTrack()`. */
  readonly track: MediaStreamTrack;
  /** The stream holding `track`. */
  readonly stream: MediaStream;
  /** The player underneath (its counts tell how much injected audio was sent). */
  readonly player: Player;
  /** Queue PCM16 (or Float32, or encoded bytes) to send. Throws like `Player.enqueue`. */
  push(audio: Int16Array | Float32Array | Uint8Array): void;
  /** Drop everything queued. */
  clear(): void;
  /** Stop the track and release the player (and the context it created). Idempotent. */
  close(): void;
}

/**
 * Create an injector: audio you push comes out of `track` in real time (silence when idle).
 * @example
 * const inj = await createAudioInjector({ sampleRate: 24000 });
 * await sender.replaceTrack(inj.track);
 * inj.push(pcm16); // sendAudio over WebRTC
 */
export async function createAudioInjector(
  options: Omit<PlayerOptions, 'speaker' | 'sinkId'> = {},
): Promise<AudioInjector> {
  const sampleRate = options.sampleRate ?? (options.encoding && options.encoding !== 'pcm16' ? 8000 : 24000);
  const ownsContext = !options.context;
  const context = options.context ?? createAudioContext({ sampleRate });
  const player = await createPlayer({ jitterMs: 0, ...options, context, sampleRate, speaker: false });
  const dest = context.createMediaStreamDestination();
  dest.channelCount = 1;
  player.output.connect(dest);
  const track = dest.stream.getAudioTracks()[0];
  if (!track) throw new AudioError('unsupported', 'MediaStreamAudioDestinationNode produced no audio track.');
  let closed = false;
  let n = 0;
  return {
    track,
    stream: dest.stream,
    player,
    push(audio) {
      if (closed)
        throw new AudioError(
          'closed',
          'This injector is closed; create a new one with createAudioInjector().',
        );
      player.enqueue(audio, { itemId: 'injected', contentIndex: n });
    },
    clear() {
      player.flush();
      n++; // flushed items drop late audio; continue under a fresh one
    },
    close() {
      if (closed) return;
      closed = true;
      track.stop();
      player.close();
      if (ownsContext && context.state !== 'closed') void context.close();
    },
  };
}
