import { type ConnectionState, TransportError } from '@realtime-agents/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchConnection } from './connection-monitor.js';

class FakePeer extends EventTarget {
  connectionState: RTCPeerConnectionState = 'connected';
  iceConnectionState: RTCIceConnectionState = 'connected';
  set(state: RTCPeerConnectionState, ice: RTCIceConnectionState = state as RTCIceConnectionState) {
    this.connectionState = state;
    this.iceConnectionState = ice;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

function setup(graceMs = 3000) {
  const pc = new FakePeer();
  const channel = new EventTarget();
  const states: Array<[ConnectionState, string | undefined]> = [];
  const lost: TransportError[] = [];
  const stop = watchConnection({
    pc: pc as unknown as RTCPeerConnection,
    channel: channel as unknown as RTCDataChannel,
    graceMs,
    state: (s, e) => states.push([s, (e as TransportError | undefined)?.code]),
    lost: (e) => lost.push(e),
  });
  return { pc, channel, states, lost, stop };
}

afterEach(() => vi.useRealTimers());

describe('watchConnection', () => {
  it('ICE disconnected → reconnecting; recovery within the grace period → connected, no error', () => {
    vi.useFakeTimers();
    const { pc, states, lost } = setup();
    pc.set('disconnected');
    expect(states).toEqual([['reconnecting', undefined]]);
    vi.advanceTimersByTime(2000);
    pc.set('connected');
    vi.advanceTimersByTime(5000);
    expect(states).toEqual([
      ['reconnecting', undefined],
      ['connected', undefined],
    ]);
    expect(lost).toHaveLength(0);
  });

  it('disconnected past the grace period → disconnected with connection_lost, once', () => {
    vi.useFakeTimers();
    const { pc, states, lost } = setup(3000);
    pc.set('disconnected');
    pc.set('disconnected');
    vi.advanceTimersByTime(2999);
    expect(lost).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(states).toEqual([
      ['reconnecting', undefined],
      ['disconnected', 'connection_lost'],
    ]);
    expect(lost[0]?.message).toMatch(/did not recover within 3000 ms/);
    pc.set('failed');
    expect(lost).toHaveLength(1);
  });

  it('failed → disconnected with ice_failed at once', () => {
    const { pc, states, lost } = setup();
    pc.set('failed');
    expect(states).toEqual([['disconnected', 'ice_failed']]);
    expect(lost[0]).toBeInstanceOf(TransportError);
  });

  it('the data channel closing (server hang-up) ends the call', () => {
    const { channel, states } = setup();
    channel.dispatchEvent(new Event('close'));
    expect(states).toEqual([['disconnected', 'channel_closed']]);
  });

  it('stop() detaches: nothing is reported afterwards', () => {
    vi.useFakeTimers();
    const { pc, channel, states, stop } = setup();
    pc.set('disconnected');
    stop();
    vi.advanceTimersByTime(10_000);
    pc.set('failed');
    channel.dispatchEvent(new Event('close'));
    expect(states).toEqual([['reconnecting', undefined]]);
  });
});
