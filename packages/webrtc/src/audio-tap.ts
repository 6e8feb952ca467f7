/**
 * The audio package's stream tap, on its own so `RemoteAudio` can import it while the call
 * connects: the tap (worklets, resampler, pipeline) stays out of the app's up-front bundle.
 * @module
 */
export { createStreamTap } from '@realtime-agents/audio/tap';
