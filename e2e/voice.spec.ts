// Voice over both transports. The kit's fake microphone speaks e2e/fixtures/speech-48k.wav when a
// test says so: 0.5 s of silence, about 4 s of speech, then silence. A WAV comes with no transcript,
// so the emulator shows a spoken turn as a placeholder like `[speech 4.3 s]`.
import { expect, SPEECH_WAV, TRANSPORTS, test } from './fixtures.js';

/** Long enough that the agent (which quotes it) speaks for several seconds. */
const LONG_MESSAGE =
  'Please read this sentence back slowly, because it is long on purpose: one two three four five six ' +
  'seven eight nine ten eleven twelve thirteen fourteen.';
const HEARD = "I heard you speak, but this emulator has no transcriber, so I can't tell what you said.";

/** The seconds in a `[speech 4.3 s]` placeholder. */
const placeholderSeconds = (text: string) => Number(/\[speech (\d+\.\d) s\]/.exec(text)?.[1]);

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport, turnMode: 'vad' });
    test('voice activity: a spoken turn from the microphone, answered out loud', async ({
      demo,
      microphone,
      voice,
    }) => {
      const spoken = microphone.playWav(SPEECH_WAV);
      // the fixture's speech is loud: the meter moves well above the noise floor
      await demo.waitForLevel('mic-level', -30);
      const user = await demo.waitForEntry('user', /\[speech \d+\.\d s\]/, { timeout: 20_000 });
      // server VAD took the whole utterance (about 4 s, one short pause) as one turn
      expect(placeholderSeconds(await demo.text(user))).toBeGreaterThanOrEqual(3);
      expect(placeholderSeconds(await demo.text(user))).toBeLessThanOrEqual(6.5);
      await expect(demo.logRows('speech_started')).toHaveCount(1);
      await expect(demo.logRows('speech_stopped')).toHaveCount(1);

      await spoken;
      await demo.waitForEntry('assistant', HEARD);
      // the answer is heard: the page plays it, and its output meter moves. No reset here: nothing
      // played before the answer, and on a busy machine the whole answer can play before a reset
      // placed here would run.
      await voice.waitForAgentAudio({ minDbfs: -40 });
      await demo.waitForLevel('speaker-level', -40);
      await expect(demo.entries()).toHaveCount(2);
      await expect(demo.entries().nth(0)).toHaveAttribute('data-role', 'user');
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport, turnMode: 'ptt' });
    test('push-to-talk: holding the button records one turn', async ({ demo, microphone }) => {
      const ptt = demo.byTestId('ptt');
      await expect(ptt).toBeEnabled();
      await expect(demo.statusMessage).toContainText('hold “Hold to talk” (or Space) to speak');
      const spoken = microphone.playWav(SPEECH_WAV, { wait: false });

      await ptt.hover();
      const pressedAt = Date.now();
      await demo.page.mouse.down();
      await expect(ptt).toHaveAttribute('aria-pressed', 'true');
      await expect(ptt).toHaveText('Listening… release to send');
      await demo.page.waitForTimeout(1_500); // talk for 1.5 s
      await demo.page.mouse.up();
      const heldSeconds = (Date.now() - pressedAt) / 1000;
      await expect(ptt).toHaveAttribute('aria-pressed', 'false');
      await expect(ptt).toHaveText('Hold to talk');

      // one turn, as long as the button was held
      const user = await demo.waitForEntry('user', /\[speech \d+\.\d s\]/);
      const seconds = placeholderSeconds(await demo.text(user));
      expect(seconds).toBeGreaterThanOrEqual(0.8);
      expect(seconds).toBeLessThanOrEqual(heldSeconds + 0.3);
      await demo.waitForEntry('assistant', HEARD);
      await expect(demo.entries()).toHaveCount(2);
      await expect(demo.logRows('speech_started')).toHaveCount(0); // no VAD in push-to-talk
      await spoken;
    });
  });
}

for (const transport of TRANSPORTS) {
  test.describe(transport, () => {
    test.use({ transport });
    test('interrupt stops the agent mid-answer; the session goes on', async ({ demo, voice }) => {
      await demo.say(LONG_MESSAGE);
      await demo.waitForEntry('assistant', 'You said:', { final: false });
      await voice.waitForAgentAudio({ minDbfs: -40 });
      await demo.interruptButton.click();

      const row = demo.logRows('audio_interrupted');
      await expect(row).toHaveCount(1);
      await row.locator('summary').click();
      const event = await demo.json<{ playedMs: number; itemId: string }>(row.locator('pre'));
      expect(event.itemId).toBe(await demo.entries('assistant').first().getAttribute('data-item-id'));
      // cut a moment into an answer of several seconds
      expect(event.playedMs).toBeGreaterThan(0);
      expect(event.playedMs).toBeLessThan(5_000);

      // the output goes quiet at once and stays quiet. The demo's meter reads the PCM the
      // transport delivers, which stops at the interruption; the kit's tap reads what the page's
      // audio element really plays. Over WebRTC the browser's jitter buffer still holds up to about
      // a second of the answer (measured on a loaded 2-CPU machine), which the transport mutes at
      // the clear: the window right after the interruption, where that tail would play, is silent.
      await expect(demo.byTestId('speaker-level')).toHaveAttribute('data-active', 'false');
      voice.resetAudio();
      // a level measured before the clear may still be on its way (the probe reports every 100 ms)
      await demo.page.waitForTimeout(150);
      voice.resetAudio();
      await demo.page.waitForTimeout(1_500); // were any of the answer still queued, it would play now
      expect(voice.peakDbfs).toBeLessThan(-60);
      await expect(demo.status).toHaveAttribute('data-state', 'connected');

      // the next answer is heard (over WebRTC its start unmutes the output)
      voice.resetAudio();
      await demo.say('still there?');
      await demo.waitForEntry('assistant', 'You said: "still there?".');
      await voice.waitForAgentAudio({ minDbfs: -40 });
    });
  });
}
