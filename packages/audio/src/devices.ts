/**
 * Audio devices: list inputs and outputs, and follow `devicechange`.
 * @module
 */
import { AudioError } from './errors.js';

/** One audio device. `label` is empty until the page has microphone permission. */
export interface AudioDevice {
  deviceId: string;
  groupId: string;
  label: string;
  kind: 'audioinput' | 'audiooutput';
  /** True for the browser's default device entry. */
  isDefault: boolean;
}

/** Inputs and outputs, as listed by the browser. */
export interface AudioDeviceList {
  inputs: AudioDevice[];
  outputs: AudioDevice[];
}

/** True when this browser can route a context/element to a chosen output (`setSinkId`). */
export function canSelectOutput(): boolean {
  return typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype;
}

/**
 * List microphones and speakers. Labels are empty before microphone permission was granted.
 * @example
 * const { inputs, outputs } = await listAudioDevices();
 * picker.replaceChildren(...inputs.map((d) => new Option(d.label || 'Microphone', d.deviceId)));
 */
export async function listAudioDevices(): Promise<AudioDeviceList> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) {
    throw new AudioError(
      'unsupported',
      'navigator.mediaDevices is unavailable (needs a secure context: https or localhost).',
    );
  }
  const all = await navigator.mediaDevices.enumerateDevices();
  const map = (d: MediaDeviceInfo): AudioDevice => ({
    deviceId: d.deviceId,
    groupId: d.groupId,
    label: d.label,
    kind: d.kind as AudioDevice['kind'],
    isDefault: d.deviceId === 'default' || d.deviceId === '',
  });
  return {
    inputs: all.filter((d) => d.kind === 'audioinput').map(map),
    outputs: all.filter((d) => d.kind === 'audiooutput').map(map),
  };
}

/** What changed in a `devicechange`. */
export interface AudioDeviceChange extends AudioDeviceList {
  added: AudioDevice[];
  removed: AudioDevice[];
}

/**
 * Call `handler` with the new lists (and what was added/removed) whenever devices change.
 * Returns a function that stops listening.
 * @example
 * const stop = onAudioDeviceChange(({ removed }) => {
 *   if (removed.some((d) => d.deviceId === mic.deviceId)) void mic.setDevice(undefined);
 * });
 */
export function onAudioDeviceChange(handler: (change: AudioDeviceChange) => void): () => void {
  const md = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!md?.addEventListener) return () => undefined;
  let previous: AudioDevice[] | undefined;
  void listAudioDevices().then((l) => {
    previous ??= [...l.inputs, ...l.outputs];
  });
  const key = (d: AudioDevice) => `${d.kind}:${d.deviceId}`;
  const listener = () => {
    void listAudioDevices().then((list) => {
      const now = [...list.inputs, ...list.outputs];
      const before = new Set((previous ?? []).map(key));
      const after = new Set(now.map(key));
      const added = now.filter((d) => !before.has(key(d)));
      const removed = (previous ?? []).filter((d) => !after.has(key(d)));
      previous = now;
      handler({ ...list, added, removed });
    });
  };
  md.addEventListener('devicechange', listener);
  return () => md.removeEventListener('devicechange', listener);
}
