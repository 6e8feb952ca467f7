/**
 * Static AudioWorklet module of the player processor. Load it with
 * `context.audioWorklet.addModule(playerWorkletUrl)` (done for you by `loadWorklets`).
 * @module
 */
import { registerPlayerProcessor } from './player-processor.js';

registerPlayerProcessor();
