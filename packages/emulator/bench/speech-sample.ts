/**
 * Write one typical answer as WAV with each synthesizer, for checking with `sox file.wav -n stat`.
 * Run: pnpm --filter @realtime-agents/emulator bench:speech [outDir]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSynthesizer } from '../src/speech/synthesizer.js';
import { writeWav } from '../src/speech/wav.js';

const outDir = process.argv[2] ?? '/tmp';
const text = 'Here is what get_weather returned: Sunny in Paris, 22 degrees.';
for (const engine of ['espeak', 'formant'] as const) {
  const t0 = performance.now();
  const pcm = await createSynthesizer({ engine }).synthesize(text, 'alloy', 1);
  const ms = performance.now() - t0;
  const file = join(outDir, `emulator-answer-${engine}.wav`);
  writeFileSync(file, writeWav(pcm, 24000));
  console.log(`${engine}: ${(pcm.length / 24000).toFixed(2)} s of audio in ${ms.toFixed(0)} ms → ${file}`);
}
