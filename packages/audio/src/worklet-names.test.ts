import { describe, expect, it } from 'vitest';
import { CAPTURE_PROCESSOR } from './capture.worklet.js';
import { CAPTURE_PROCESSOR_NAME } from './pipeline.js';
import { PLAYER_PROCESSOR_NAME } from './player.js';
import { PLAYER_PROCESSOR } from './player.worklet.js';

describe('worklet processor names', () => {
  it('the main-thread literals name the processors the worklets register', () => {
    expect(CAPTURE_PROCESSOR_NAME).toBe(CAPTURE_PROCESSOR);
    expect(PLAYER_PROCESSOR_NAME).toBe(PLAYER_PROCESSOR);
  });
});
