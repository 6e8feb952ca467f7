/**
 * The WebRTC endpoint's faults, under both spellings in use (this folder's and `src/faults.ts`'s);
 * an optional `:argument` after a name is ignored.
 * @module
 */

const ALIASES = {
  sdp_500: ['sdp_500', '500'],
  ice_never: ['ice_never', 'ice_never_connects'],
  close_datachannel: ['close_datachannel', 'close_mid_response'],
} as const;

export type WebRtcFault = keyof typeof ALIASES;

/** True when `fault` (or one of its aliases) is in the list. */
export function hasFault(faults: readonly string[], fault: WebRtcFault): boolean {
  const names: readonly string[] = ALIASES[fault];
  return faults.some((f) => names.includes(f.split(':')[0]!.trim()));
}
