/**
 * Static AudioWorklet module of the capture processor. Load it with
 * `context.audioWorklet.addModule(captureWorkletUrl)` (done for you by `loadWorklets`).
 * @module
 */
import { registerCaptureProcessor } from './capture-processor.js';

registerCaptureProcessor();
