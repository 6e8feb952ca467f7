/**
 * Turns whatever went wrong into one sentence for the status line: what happened and what to do.
 * Uses the transports' structured errors (`status` of `SdpExchangeError` / `HandshakeError`) first,
 * then their messages.
 * @module
 */

/** Where in connecting something failed. */
export type Phase = 'microphone' | 'connect' | 'session';

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
const field = (e: unknown, name: string): unknown =>
  typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[name] : undefined;

/** The error and its `cause` chain. */
function chain(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let x: unknown = e; x && out.length < 6; x = field(x, 'cause')) out.push(x);
  return out;
}
const some = (e: unknown, test: (x: unknown) => boolean) => chain(e).some(test);
const says = (e: unknown, re: RegExp) => some(e, (x) => re.test(text(x)));

/**
 * A user-facing message for `error`.
 * @example describeError(new AudioError('permission_denied', '…'), 'microphone')
 */
export function describeError(error: unknown, phase: Phase): string {
  const code = String(field(error, 'code') ?? '');
  // The connection prepared before the click failed: what matters to the user is why, as if the
  // click had connected (the event log keeps the whole error, stage included).
  const cause = field(error, 'cause');
  if (code === 'prepare_failed' && cause) return describeError(cause, phase);
  const name = String(field(error, 'name') ?? '');
  const message = text(error);
  if (phase === 'microphone') {
    if (code === 'permission_denied' || name === 'NotAllowedError')
      return 'Microphone permission denied. Allow the microphone for this site (the icon in the address bar) and connect again.';
    if (code === 'device_not_found' || name === 'NotFoundError' || name === 'OverconstrainedError')
      return 'No microphone found. Plug one in (or pick another in the microphone list) and connect again.';
    if (code === 'device_in_use' || name === 'NotReadableError')
      return 'The microphone is in use by another application or could not be started. Close it there and connect again.';
    return `Microphone problem: ${message}`;
  }
  // The transports wrap what the clientSecret function threw: show the token endpoint's own sentence.
  const secret = chain(error).find((x) => field(x, 'name') === 'ClientSecretError');
  if (secret) return text(secret);
  if (some(error, (x) => field(x, 'status') === 401) || says(error, /\b(has|is) expired\b/i))
    return `The session key was refused as expired or invalid: ${message} Connect again to mint a fresh one.`;
  if (
    some(error, (x) => field(x, 'status') === 429) ||
    says(error, /too many requests|rate limit (exceeded|reached)/i)
  )
    return `The backend is rate limiting: ${message} Wait a moment and connect again.`;
  if (phase === 'session') return `The connection dropped: ${message} Connect again to start a new session.`;
  if (says(error, /failed to fetch|could not reach|unreachable|closed before opening|ECONNREFUSED/i))
    return `The Realtime backend is unreachable or refused the connection: ${message} Check that the emulator (or the network) is up, then connect again.`;
  if (says(error, /\b(ice|webrtc|sdp|peer ?connection|data channel)\b/i))
    return `WebRTC failed: ${message} Try again, or switch the transport to WebSocket.`;
  return `Could not connect: ${message}`;
}
