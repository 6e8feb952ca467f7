/**
 * `@realtime-agents/core/transport-kit`: what every transport does the same way — key sources and
 * their resolution, the browser check, the staged connect deadline, the `session_rejected` rule,
 * the outgoing event size bound, warnings, the default base URL, and the connection prepared before the click. For transport authors; the
 * error codes are listed in docs/transport-errors.md.
 * @example
 * import { ConnectDeadline, resolveKey, isBrowser } from '@realtime-agents/core/transport-kit';
 * @module
 */
export { DEFAULT_BASE_URL, checkBaseUrl } from './base-url.js';
export { ConnectDeadline, type ConnectDeadlineOptions } from './connect-deadline.js';
export { envApiKey, isBrowser, isNode } from './environment.js';
export { eventTooLargeError, oversizeBytes, utf8Length } from './event-size.js';
export {
  headerValue,
  insecureKeyError,
  type KeyInputs,
  type ResolvedKey,
  resolveKey,
} from './key-resolution.js';
export { isEphemeralKey, type KeySource, maskKey, readKey } from './key-source.js';
export {
  PREPARED_IDLE_MS,
  PreparedLink,
  type PreparedLinkOptions,
  type PreparationState,
} from './prepared-link.js';
export { answersSessionUpdate, type ServerErrorBody, sessionRejectedError } from './session-handshake.js';
export { reportWarning } from './warning.js';
