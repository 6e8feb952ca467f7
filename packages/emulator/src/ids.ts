/**
 * Identifier minting in the shapes the real API uses (protocol §6.7). Ids are random base62 with a
 * time-ordered prefix, so ids minted close together share leading characters like real ones.
 * @module
 */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Ids are minted for every server event: draw random bytes from a pool, not one syscall per id.
let pool = randomBytes(4096);
let poolOffset = 0;

function base62(length: number): string {
  if (poolOffset + length > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[pool[poolOffset++]! % 62];
  return out;
}

function timePrefix(): string {
  let n = Math.floor(Date.now() / 1000);
  let s = '';
  while (n > 0) {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s.slice(-5);
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Id makers, one per id kind. @example newId.event() // 'event_CVn2k…' (27 chars) */
export const newId = {
  event: (): string => `event_${timePrefix()}${base62(16)}`,
  /** Media-gateway events (`output_audio_buffer.*`) carry `event_` + 16 hex. */
  mediaEvent: (): string => `event_${hex(8)}`,
  session: (): string => `sess_${timePrefix()}${base62(16)}`,
  conversation: (): string => `conv_${timePrefix()}${base62(16)}`,
  response: (): string => `resp_${timePrefix()}${base62(16)}`,
  item: (): string => `item_${timePrefix()}${base62(16)}`,
  call: (): string => `call_${base62(16)}`,
  rtcCall: (): string => `rtc_${hex(16)}`,
  clientSecret: (): string => `ek_${hex(16)}`,
  webhookEvent: (): string => `evt_${hex(16)}`,
  webhookDelivery: (): string => `wh_${hex(16)}`,
  /** Random padding like the real server's `obfuscation` field (length varies with the delta). */
  obfuscation: (deltaLength: number): string => base62(Math.max(2, 16 - (deltaLength % 14))),
};
