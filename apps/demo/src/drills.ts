/**
 * The failure drills the demo page offers: what the emulator can play (`x-emulator-fault` header /
 * `?emulator_fault=`), plus an unreachable backend.
 * @module
 */

/**
 * Each drill's value and label. An array, not an object: `'500'` would sort first as an object key.
 * @example drillSelect.replaceChildren(...DRILLS.map(([value, label]) => new Option(label, value)));
 */
export const DRILLS = [
  ['none', 'No drill'],
  ['expired_key', 'Expired key (401)'],
  ['500', 'Emulator fault: HTTP 500 on call setup (WebRTC)'],
  ['rate_limit', 'Emulator fault: rate limited (429)'],
  ['close_mid_response', 'Emulator fault: connection drops mid-answer (once; it reconnects)'],
  ['rollover', 'Session rollover every 8 s (between turns)'],
  ['ice_never_connects', 'WebRTC failure: ICE never connects'],
  ['unreachable', 'Backend unreachable'],
] as const;

/** One drill's value. */
export type Drill = (typeof DRILLS)[number][0];
