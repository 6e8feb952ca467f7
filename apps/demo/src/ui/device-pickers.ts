/**
 * Microphone and speaker pickers, filled from the audio package's device list and kept current on
 * `devicechange`. The speaker picker is disabled where the browser cannot route output.
 * @module
 */
import {
  type AudioDevice,
  canSelectOutput,
  listAudioDevices,
  onAudioDeviceChange,
} from '@realtime-agents/audio';

function fill(select: HTMLSelectElement, devices: AudioDevice[], fallback: string): void {
  const previous = select.value;
  const options = devices.map(
    (d, i) =>
      new Option(
        d.label || (d.isDefault ? `Default ${fallback.toLowerCase()}` : `${fallback} ${i + 1}`),
        d.deviceId,
      ),
  );
  select.replaceChildren(
    new Option(`System default`, ''),
    ...options.filter((o) => o.value !== '' && o.value !== 'default'),
  );
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
}

/** Keeps `mic` and `speaker` selects in sync with the machine's devices; returns a stop function. */
export function bindDevicePickers(
  mic: HTMLSelectElement,
  speaker: HTMLSelectElement,
): {
  refresh(): Promise<void>;
  stop(): void;
} {
  const outputs = canSelectOutput();
  speaker.disabled = !outputs;
  if (!outputs) speaker.title = 'This browser cannot choose the output device; the system default is used.';
  const render = (inputs: AudioDevice[], out: AudioDevice[]) => {
    fill(mic, inputs, 'Microphone');
    fill(speaker, outputs ? out : [], 'Speaker');
  };
  const refresh = async () => {
    try {
      const list = await listAudioDevices();
      render(list.inputs, list.outputs);
    } catch {
      render([], []);
    }
  };
  const stop = onAudioDeviceChange((change) => render(change.inputs, change.outputs));
  void refresh();
  return { refresh, stop };
}
