/**
 * `LateOutput`: the WebSocket transport's `playback` for a transport built before the Connect
 * click, when the speaker it plays through can only be made inside the click (its AudioContext is
 * unlocked there, for autoplay policies). Everything is forwarded to the output given to
 * {@link LateOutput.attach}; before that there is nothing to play (a prepared socket plays nothing).
 * @module
 */
import type { AudioChunk, PlaybackPosition } from '@realtime-agents/core';
import type { AudioOutput, AudioOutputListener } from '@realtime-agents/websocket';

/**
 * An {@link AudioOutput} whose target arrives later.
 * @example
 * const output = new LateOutput();
 * const transport = websocketTransport({ clientSecret, playback: output });
 * button.onclick = async () => output.attach(await speaker.output());
 */
export class LateOutput implements AudioOutput {
  #target: AudioOutput | null = null;
  #listener: AudioOutputListener | null = null;

  /** Play through `target` from now on (it gets the transport's listener). */
  attach(target: AudioOutput): void {
    this.#target = target;
    if (this.#listener) target.listen(this.#listener);
  }

  listen(listener: AudioOutputListener): void {
    this.#listener = listener;
    this.#target?.listen(listener);
  }
  push(chunk: AudioChunk): void {
    this.#target?.push(chunk);
  }
  end(itemId: string, contentIndex: number): void {
    this.#target?.end(itemId, contentIndex);
  }
  position(): PlaybackPosition | null {
    return this.#target?.position() ?? null;
  }
  flush(): PlaybackPosition | null {
    return this.#target?.flush() ?? null;
  }
  /** The transport calls this only for outputs it created; the click's speaker is closed by its owner. */
  close(): void {
    this.#target?.close();
  }
}
