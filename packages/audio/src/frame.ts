/**
 * The frame type captures and taps deliver, and the options they share.
 * @module
 */
import type { AudioEncoding } from './pcm.js';

/** One frame of captured audio: PCM16 mono at the target rate, plus its wire encoding and level. */
export interface AudioFrame {
  /** PCM16 mono samples at `sampleRate` (`sampleRate * frameMs / 1000` of them). */
  pcm: Int16Array;
  /** The frame in `encoding`: little-endian PCM16 bytes, or one G.711 byte per sample. */
  data: Uint8Array;
  encoding: AudioEncoding;
  sampleRate: number;
  /** 0 for the first frame, then +1 per frame. */
  index: number;
  /** AudioContext time (seconds) of the frame's first sample. */
  time: number;
  /** RMS level in dBFS (−120 for silence). */
  rmsDbfs: number;
  /** Peak level in dBFS (−120 for silence). */
  peakDbfs: number;
  /** True when the frame is silence because the capture is muted. */
  muted: boolean;
}

/** A level reading (dBFS), emitted once per frame. */
export interface AudioLevel {
  rmsDbfs: number;
  peakDbfs: number;
  /** AudioContext time (seconds) the reading refers to. */
  time: number;
}

/** Options shared by captures and taps. */
export interface FrameOptions {
  /** Output rate in Hz. @default 24000 for `pcm16`, 8000 for G.711 */
  sampleRate?: number;
  /** Frame length in milliseconds. @default 20 */
  frameMs?: number;
  /** Encoding of `AudioFrame.data`. @default 'pcm16' */
  encoding?: AudioEncoding;
  /** Called for every frame (same as `.on('frame')`). */
  onFrame?: (frame: AudioFrame) => void;
  /** Called with every frame's level (same as `.on('level')`). */
  onLevel?: (level: AudioLevel) => void;
}
