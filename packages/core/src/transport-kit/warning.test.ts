import { describe, expect, it, vi } from 'vitest';
import { reportWarning } from './warning.js';

describe('reportWarning', () => {
  it('uses handlers.warning, and falls back to state(current, error) for older handlers', () => {
    const error = new Error('mic lost');
    const modern = { state: vi.fn(), warning: vi.fn() };
    reportWarning(modern, error, 'connected');
    expect(modern.warning).toHaveBeenCalledWith(error);
    expect(modern.state).not.toHaveBeenCalled();
    const old = { state: vi.fn() };
    reportWarning(old, error, 'connecting');
    expect(old.state).toHaveBeenCalledWith('connecting', error);
  });
});
