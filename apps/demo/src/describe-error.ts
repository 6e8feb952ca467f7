/**
 * Turns whatever went wrong into one sentence for the status line: what happened and what to do.
 * @module
 */

/** Where in connecting something failed. */
export type Phase = 'microphone' | 'connect' | 'session';

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
const codeOf = (e: unknown) =>
  typeof e === 'object' && e !== null ? String((e as { code?: unknown }).code ?? '') : '';

/** Walk `cause` chains for the first message that matches `re`. */
function anyMessage(e: unknown, re: RegExp): boolean {
  for (let x: unknown = e, i = 0; x && i < 6; x = (x as { cause?: unknown }).cause, i++) {
    if (re.test(text(x)) || re.test(codeOf(x))) return true;
  }
  return false;
}

/**
 * A user-facing message for `error`.
 * @example describeError(new AudioError('permission_denied', '…'), 'microphone')
 */
export function describeError(error: unknown, phase: Phase): string {
  const code = codeOf(error);
  const message = text(error);
  if (phase === 'microphone') {
    if (code === 'permission_denied' || (error as Error)?.name === 'NotAllowedError')
      return 'Microphone permission denied. Allow the microphone for this site (the icon in the address bar) and connect again.';
    if (code === 'device_not_found' || (error as Error)?.name === 'NotFoundError')
      return 'No microphone found. Plug one in (or pick another in the microphone list) and connect again.';
    if (code === 'device_in_use' || (error as Error)?.name === 'NotReadableError')
      return 'The microphone is in use by another application or could not be started. Close it there and connect again.';
    return `Microphone problem: ${message}`;
  }
  if (anyMessage(error, /expired/i))
    return `The session key has expired (${message}). Connect again to mint a fresh one.`;
  if ((error as Error)?.name === 'ClientSecretError') return message;
  if (anyMessage(error, /ice|peer ?connection|webrtc|sdp/i) && phase === 'connect')
    return `WebRTC failed: ${message}. Try again, or switch the transport to WebSocket.`;
  if (
    anyMessage(
      error,
      /failed to fetch|ECONNREFUSED|unreachable|network|websocket (closed|error)|could not open/i,
    )
  )
    return `The Realtime backend is unreachable: ${message}. Check that the emulator (or the network) is up and connect again.`;
  if (phase === 'session') return `The connection dropped: ${message}. Connect again to start a new session.`;
  return `Could not connect: ${message}`;
}
