// The CSP test page's only script (served as /page.js under `script-src 'self'`): loads both
// worklets from their static files (no blob fallback), captures the fake microphone and plays a tone.
import { configureWorklets, createMicCapture, createPlayer, loadWorklet } from '/audio/index.js';

configureWorklets({ blobFallback: false });
const violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push(`${e.violatedDirective} ${e.blockedURI}`),
);

const within = (ms, what, promise) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: timed out`)), ms)),
  ]);

// The control, at load: inside Playwright's page.evaluate DevTools would let eval through.
const control = {};
try {
  // biome-ignore lint/security/noGlobalEval: the control that proves the policy is in force.
  control.evalResult = eval('1 + 1');
} catch (e) {
  control.evalError = e.name;
}

async function run() {
  const out = { violations, ...control };
  const context = new AudioContext();
  out.sources = [await loadWorklet(context, 'capture'), await loadWorklet(context, 'player')];
  await context.close();

  let frames = 0;
  let gotFrames;
  const enough = new Promise((resolve) => (gotFrames = resolve));
  const mic = await createMicCapture({
    onFrame: () => {
      if (++frames === 10) gotFrames();
    },
  });
  await within(8000, 'capture frames', enough);
  out.frames = frames;
  mic.close();

  const player = await createPlayer({ sampleRate: 24000 });
  const drained = new Promise((resolve) => player.on('drained', resolve));
  player.enqueue(new Int16Array(4800).fill(2000), { itemId: 'tone' });
  player.end({ itemId: 'tone' });
  out.drained = await within(8000, 'player drained', drained);
  out.position = player.positionOf('tone');
  return out;
}

window.cspCheck = run();
document.body.dataset.ready = 'true';
