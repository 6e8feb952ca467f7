/**
 * Synthetic but internally consistent token accounting (protocol §6.5, §11.18): text ≈ 4 characters a
 * token, user audio 1 token / 100 ms, assistant audio 1 token / 50 ms.
 * @module
 */
import type { Usage } from '@realtime-agents/core/protocol';

/** Token counts accumulated while a response runs. */
export interface TokenCounts {
  inputText: number;
  inputAudio: number;
  outputText: number;
  outputAudio: number;
}

/** Tokens of a text. */
export const textTokens = (text: string): number => (text ? Math.ceil(text.length / 4) : 0);

/** Build the `usage` object; totals are sums of their details. */
export function usageOf(c: TokenCounts): Usage {
  const input = c.inputText + c.inputAudio;
  const output = c.outputText + c.outputAudio;
  return {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    input_token_details: {
      text_tokens: c.inputText,
      audio_tokens: c.inputAudio,
      image_tokens: 0,
      cached_tokens: 0,
      cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
    },
    output_token_details: { text_tokens: c.outputText, audio_tokens: c.outputAudio },
  };
}
