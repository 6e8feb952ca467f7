// Where Chromium lives and how every runner starts it (vitest browser mode, Playwright, benches).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Default fake-microphone file: 6.4 s of synthesized English speech, 48 kHz mono. */
export const fakeMicWav = join(root, 'e2e', 'fixtures', 'speech-48k.wav');

/**
 * Path of the Chromium binary to drive: `CHROMIUM_PATH` if set, else the Debian/Ubuntu one,
 * else undefined (Playwright then uses its own downloaded Chromium).
 */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium']) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Flags for headless Chromium on a closed network with fake media. */
export function chromiumArgs(micWav = fakeMicWav) {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${micWav}%noloop`,
  ];
}
