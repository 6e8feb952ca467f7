/**
 * The API base every transport and server helper uses when none is given.
 * @module
 */

/**
 * The OpenAI REST base URL (`https://api.openai.com/v1`); transports derive their endpoints from it.
 * @example
 * const base = options.baseUrl ?? DEFAULT_BASE_URL;
 */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
