/**
 * A tiny built-in formant synthesizer, used when espeak-ng is not installed: each letter becomes a
 * short segment — vowels a glottal pulse train through two resonators at that vowel's formants,
 * fricatives filtered noise, stops a closure and burst — with a falling pitch contour per phrase.
 * Not intelligible, but it has the level, rhythm and spectrum changes of speech (VAD and players
 * treat it like speech), never a constant tone.
 * @module
 */

const RATE = 24000;

/** F1/F2 (Hz) of each vowel letter. */
const VOWELS: Record<string, [number, number]> = {
  a: [730, 1090],
  e: [530, 1840],
  i: [300, 2290],
  o: [570, 840],
  u: [300, 870],
  y: [400, 2000],
};
const FRICATIVES = new Set(['s', 'f', 'h', 'z', 'v', 'x', 'c', 'j']);
const STOPS = new Set(['p', 't', 'k', 'b', 'd', 'g', 'q']);

/** Two-pole resonator state. */
class Resonator {
  #y1 = 0;
  #y2 = 0;
  #a = 0;
  #b = 0;
  #c = 0;
  set(freq: number, bandwidth: number): void {
    const r = Math.exp((-Math.PI * bandwidth) / RATE);
    this.#b = 2 * r * Math.cos((2 * Math.PI * freq) / RATE);
    this.#c = -r * r;
    this.#a = 1 - this.#b - this.#c;
  }
  step(x: number): number {
    const y = this.#a * x + this.#b * this.#y1 + this.#c * this.#y2;
    this.#y2 = this.#y1;
    this.#y1 = y;
    return y;
  }
}

/** Deterministic noise so the same text always gives the same audio. */
function noiseSource(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 0xffffffff) * 2 - 1;
  };
}

/**
 * Synthesize speech-like PCM16 mono 24 kHz for `text`.
 * @example const pcm = formantSpeech('Hello there'); // ≈ 0.8 s of audio
 */
export function formantSpeech(text: string, speed = 1): Int16Array {
  const chars = [...text.toLowerCase()];
  const segMs = 75 / speed;
  const out: number[] = [];
  const f1 = new Resonator();
  const f2 = new Resonator();
  const noise = noiseSource(text.length * 7919 + 17);
  let phase = 0;
  let charInPhrase = 0;
  const phraseLength = Math.max(1, chars.length);
  for (const ch of chars) {
    const n = Math.round((segMs * RATE) / 1000);
    if (ch === ' ' || ch === '\n') {
      for (let i = 0; i < n * 0.5; i++) out.push(0);
      continue;
    }
    if (/[.,!?;:]/.test(ch)) {
      for (let i = 0; i < n * 2; i++) out.push(0);
      charInPhrase = 0;
      continue;
    }
    charInPhrase++;
    // Declining pitch over the phrase, small per-letter jitter.
    const pitch = 150 - (40 * charInPhrase) / phraseLength + ((ch.charCodeAt(0) * 37) % 19) - 9;
    const vowel = VOWELS[ch];
    const [fa, fb] = vowel ?? [
      350 + ((ch.charCodeAt(0) * 53) % 400),
      1200 + ((ch.charCodeAt(0) * 97) % 1200),
    ];
    f1.set(fa, 90);
    f2.set(fb, 120);
    for (let i = 0; i < n; i++) {
      const env = Math.min(1, i / (n * 0.2), (n - i) / (n * 0.2));
      let x: number;
      if (vowel) {
        phase += pitch / RATE;
        if (phase >= 1) phase -= 1;
        x = (phase < 0.1 ? 1 : 0) * 3 + noise() * 0.02;
        out.push((f1.step(x) + 0.6 * f2.step(x)) * env * 0.9);
      } else if (FRICATIVES.has(ch)) {
        x = noise();
        out.push((x - f1.step(x) * 0.6) * env * 0.12);
      } else if (STOPS.has(ch)) {
        const burst = i < n * 0.25 ? 0 : i < n * 0.4 ? noise() * 0.35 : 0;
        out.push(burst * env);
      } else {
        phase += pitch / RATE;
        if (phase >= 1) phase -= 1;
        x = (phase < 0.1 ? 1 : 0) * 1.5;
        out.push((f1.step(x) * 0.5 + 0.25 * f2.step(x)) * env);
      }
    }
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const gain = peak > 0 ? (0.5 * 32767) / peak : 0;
  return Int16Array.from(out, (v) => Math.round(v * gain));
}
