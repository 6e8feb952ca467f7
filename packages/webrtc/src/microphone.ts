/**
 * The audio package's `openMicrophone`, on its own so the call can load it as it starts (in
 * parallel with the key fetch and the SDP exchange) instead of in the app's up-front bundle.
 * @module
 */
export { openMicrophone } from '@realtime-agents/audio/media';
