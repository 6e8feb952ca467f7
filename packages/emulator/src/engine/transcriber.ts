/**
 * Speech-to-text for user audio is pluggable; without a transcriber the emulator uses a clearly
 * marked placeholder (`[speech 1.4 s]`) and never invents words.
 * @module
 */

/**
 * Turns committed user audio (PCM16 mono 24 kHz) into text.
 * @example
 * const transcriber: Transcriber = { transcribe: async (pcm) => myAsr(pcm) };
 * await startEmulator({ transcriber });
 */
export interface Transcriber {
  transcribe(
    pcm24k: Int16Array,
    options: { model: string; language?: string; prompt?: string },
  ): Promise<string> | string;
}

/** The placeholder transcript for audio nobody transcribed. @example placeholderTranscript(33600) // '[speech 1.4 s]' */
export const placeholderTranscript = (samples: number): string =>
  `[speech ${(samples / 24000).toFixed(1)} s]`;
