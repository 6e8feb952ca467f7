/**
 * Level meters in dBFS (0 dBFS = digital full scale; a full-scale sine reads −3 dBFS RMS).
 * Digital silence reads {@link SILENCE_DBFS} instead of −Infinity so values stay JSON-safe.
 * @module
 */

/** The floor every meter reports for digital silence. */
export const SILENCE_DBFS = -120;

function scaleOf(samples: Int16Array | Float32Array): number {
  return samples instanceof Int16Array ? 1 / 32768 : 1;
}

function toDb(linear: number): number {
  if (!(linear > 0)) return SILENCE_DBFS;
  const db = 20 * Math.log10(linear);
  return Math.max(SILENCE_DBFS, db);
}

/**
 * RMS level in dBFS of PCM16 or float samples.
 * @example
 * rmsDbfs(frame) > -50 // someone is probably speaking
 */
export function rmsDbfs(samples: Int16Array | Float32Array): number {
  if (samples.length === 0) return SILENCE_DBFS;
  const s = scaleOf(samples);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]! * s;
    sum += v * v;
  }
  return toDb(Math.sqrt(sum / samples.length));
}

/**
 * Peak level in dBFS of PCM16 or float samples.
 * @example
 * if (peakDbfs(frame) > -1) console.warn('clipping');
 */
export function peakDbfs(samples: Int16Array | Float32Array): number {
  const s = scaleOf(samples);
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i]! * s);
    if (v > peak) peak = v;
  }
  return toDb(peak);
}

/**
 * Convert a linear amplitude (1 = full scale) to dBFS, floored at {@link SILENCE_DBFS}.
 * @example
 * linearToDbfs(0.5); // ≈ -6.02
 */
export function linearToDbfs(linear: number): number {
  return toDb(linear);
}
