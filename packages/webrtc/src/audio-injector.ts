/**
 * The audio package's injector, on its own so `LocalAudio` can import it on the first `sendAudio`:
 * apps that never send PCM16 over WebRTC do not load the player it is built on.
 * @module
 */
export { createAudioInjector } from '@realtime-agents/audio/injector';
