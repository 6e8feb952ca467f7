/**
 * The audio code a call loads on demand, once per page: the microphone's opener and the
 * assistant-audio tap. Both start loading when a call begins (connect or prepare), so they are
 * normally there when the microphone opens and when the remote track arrives.
 * @module
 */
import type { openMicrophone } from '@realtime-agents/audio/media';
import type { createStreamTap } from '@realtime-agents/audio/tap';
import { lazyModule } from './lazy-module.js';

/** `createStreamTap` of the audio package. */
export type CreateStreamTap = typeof createStreamTap;
/** `openMicrophone` of the audio package. */
export type OpenMicrophone = typeof openMicrophone;

/**
 * The tap factory, loading its chunk on the first call.
 * @example
 * const createStreamTap = await loadStreamTap();
 */
export const loadStreamTap = lazyModule(() => import('./audio-tap.js').then((m) => m.createStreamTap));

/**
 * The microphone opener, loading its chunk on the first call.
 * @example
 * const open = await loadMicrophone();
 * const stream = await open({ deviceId });
 */
export const loadMicrophone = lazyModule(() => import('./microphone.js').then((m) => m.openMicrophone));
