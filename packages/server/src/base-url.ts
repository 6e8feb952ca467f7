import { DEFAULT_BASE_URL } from '@realtime-agents/core/transport-kit';

/** The OpenAI REST base URL every helper uses unless given another (one constant, from core). */
export { DEFAULT_BASE_URL };

/** `joinUrl('https://x/v1/', '/realtime/calls')` → `https://x/v1/realtime/calls`. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}
