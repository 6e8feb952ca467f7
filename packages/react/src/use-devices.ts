/**
 * `useDevices()`: microphones and speakers, and switching them mid-session.
 * @module
 */
import { type AudioDevice, listAudioDevices, onAudioDeviceChange } from '@realtime-agents/audio';
import { useEffect, useState } from 'react';
import { useSessionStore, useSlice } from './provider.js';

/** What {@link useDevices} returns. */
export interface DevicesState {
  /** Microphones (labels are empty until the microphone was allowed, i.e. after connecting). */
  inputs: readonly AudioDevice[];
  /** Speakers (empty where the browser does not list outputs). */
  outputs: readonly AudioDevice[];
  /** The chosen microphone / speaker id (undefined: the default). */
  input: string | undefined;
  output: string | undefined;
  /** Switch the microphone: now when connected (no reconnect), and for later connections. */
  setInput: (deviceId: string) => Promise<void>;
  /** Switch the speaker (where the browser can route audio output). */
  setOutput: (deviceId: string) => Promise<void>;
  /** Whether the runner's transport can switch microphone / speaker (WebRTC and WebSocket can). */
  canSwitchInput: boolean;
  canSwitchOutput: boolean;
  /** Listing or switching failed. */
  error: Error | null;
}

/**
 * Audio devices, kept up to date on `devicechange` and re-read once connected (labels appear),
 * with hot-swap through the transport's `setInputDevice` / `setOutputDevice`.
 * @example
 * const { inputs, input, setInput } = useDevices();
 * return (
 *   <select value={input ?? ''} onChange={(e) => setInput(e.target.value)}>
 *     {inputs.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label || 'Microphone'}</option>)}
 *   </select>
 * );
 */
export function useDevices(): DevicesState {
  const store = useSessionStore('useDevices');
  const connected = useSlice(
    'useDevices',
    (s) => s.connection,
    (c) => c.status === 'connected',
  );
  const chosen = useSlice('useDevices', (s) => s.devices);
  const [lists, setLists] = useState<{ inputs: AudioDevice[]; outputs: AudioDevice[] }>({
    inputs: [],
    outputs: [],
  });
  const [error, setError] = useState<Error | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-list once connected (labels appear with microphone permission)
  useEffect(() => {
    let live = true;
    listAudioDevices().then(
      (l) => live && setLists(l),
      (e: Error) => live && setError(e),
    );
    const stop = onAudioDeviceChange(({ inputs, outputs }) => setLists({ inputs, outputs }));
    return () => {
      live = false;
      stop();
    };
  }, [connected]);

  const transport = store.transport;
  const set = (kind: 'input' | 'output') => (deviceId: string) =>
    store.setDevice(kind, deviceId).catch((e: Error) => {
      setError(e);
      throw e;
    });
  return {
    ...lists,
    input: chosen.input,
    output: chosen.output,
    setInput: set('input'),
    setOutput: set('output'),
    canSwitchInput: typeof transport?.setInputDevice === 'function',
    canSwitchOutput: typeof transport?.setOutputDevice === 'function',
    error,
  };
}
