/** The OpenAI REST base URL every helper uses unless given another. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** `joinUrl('https://x/v1/', '/realtime/calls')` → `https://x/v1/realtime/calls`. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}
