import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test/signals.js';
import { unlockAudio, unlockOnGesture } from './context.js';
import { listAudioDevices, onAudioDeviceChange } from './devices.js';
import type { AudioError } from './errors.js';
import { createPlayer, type Player } from './player.js';
import { createAudioWatchdog } from './watchdog.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

describe('autoplay unlock and health watchdog', () => {
  it('unlockAudio resumes a suspended context', async () => {
    const ctx = new AudioContext();
    closers.push(() => void ctx.close());
    await ctx.suspend();
    expect(ctx.state).toBe('suspended');
    expect(await unlockAudio(ctx)).toBe(true);
    expect(ctx.state).toBe('running');
  });

  it('unlockOnGesture resumes on the next pointerdown and stops listening', async () => {
    const ctx = new AudioContext();
    closers.push(() => void ctx.close());
    await ctx.suspend();
    const target = new EventTarget();
    unlockOnGesture(ctx, target);
    target.dispatchEvent(new Event('pointerdown'));
    await until(() => ctx.state === 'running', 2000, 'running');
  });

  it('reports a suspended context and silent output while audio is queued, then recovery', async () => {
    const player: Player = await createPlayer({ sampleRate: 24000 });
    closers.push(() => player.close());
    const issues: AudioError[] = [];
    const recovered: string[] = [];
    closers.push(
      createAudioWatchdog({
        player,
        silentMs: 300,
        intervalMs: 50,
        onIssue: ({ error }) => issues.push(error),
        onRecovered: (code) => recovered.push(code),
      }),
    );
    await player.context.suspend();
    player.enqueue(new Int16Array(24000).fill(3000), { itemId: 'w' });
    await until(() => issues.some((e) => e.code === 'output_silent'), 3000, 'output_silent');
    const suspended = issues.find((e) => e.code === 'context_suspended')!;
    expect(suspended.message).toMatch(/user gesture/);
    expect(issues.find((e) => e.code === 'output_silent')!.message).toMatch(/1000 ms of audio is queued/);
    expect(issues.filter((e) => e.code === 'context_suspended')).toHaveLength(1); // reported once
    await player.resume();
    await until(
      () => recovered.includes('context_suspended') && recovered.includes('output_silent'),
      3000,
      'recovery',
    );
  });

  it('stays quiet while audio plays normally', async () => {
    const player = await createPlayer({ sampleRate: 24000 });
    closers.push(() => player.close());
    const issues: AudioError[] = [];
    closers.push(
      createAudioWatchdog({
        player,
        silentMs: 200,
        intervalMs: 20,
        onIssue: ({ error }) => issues.push(error),
      }),
    );
    player.enqueue(new Int16Array(12000).fill(3000), { itemId: 'ok' });
    await player.next('drained');
    expect(issues).toEqual([]);
  });
});

describe('devices', () => {
  it('lists inputs and outputs with labels once permission is granted', async () => {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
    const { inputs, outputs } = await listAudioDevices();
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((d) => d.kind === 'audioinput' && d.label !== '')).toBe(true);
    expect(outputs.every((d) => d.kind === 'audiooutput')).toBe(true);
    expect(inputs.filter((d) => d.isDefault).length).toBeLessThanOrEqual(1);
  });

  it('reports devicechange with the new lists', async () => {
    const changes: number[] = [];
    const stop = onAudioDeviceChange((c) => changes.push(c.inputs.length));
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await until(() => changes.length === 1, 2000, 'devicechange');
    stop();
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await new Promise((r) => setTimeout(r, 100));
    expect(changes.length).toBe(1);
  });
});
