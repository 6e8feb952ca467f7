// The components and the remaining hooks against the emulator, in StrictMode: tool approval
// (<ToolApproval>, useToolCalls), <Transcript>, <MicButton>, <AudioVisualizer> / useAudioLevels
// (real levels, no re-render per frame) and useDevices.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { StrictMode, useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { agents, emulatorRunner, toneStream } from '../test/emulator.js';
import { AudioVisualizer } from './audio-visualizer.js';
import { MicButton } from './mic-button.js';
import { RealtimeProvider } from './provider.js';
import { ToolApproval } from './tool-approval.js';
import { Transcript } from './transcript.js';
import { useAudioLevels } from './use-audio-levels.js';
import { useDevices } from './use-devices.js';
import { useRealtimeSession } from './use-realtime-session.js';
import { useToolCalls } from './use-tool-calls.js';

afterEach(() => cleanup());

let renders = 0;
let maxSpeaker = 0;
function LevelsProbe() {
  renders++;
  const latest = useAudioLevels((l) => {
    maxSpeaker = Math.max(maxSpeaker, l.speaker);
  });
  const ref = useRef(latest);
  ref.current = latest;
  return null;
}

function Devices() {
  const { inputs, input, setInput, canSwitchInput } = useDevices();
  return (
    <div>
      <output data-testid="inputs">{inputs.length}</output>
      <output data-testid="input">{input ?? ''}</output>
      <output data-testid="can-switch">{String(canSwitchInput)}</output>
      <button type="button" onClick={() => void setInput(inputs[0]?.deviceId ?? 'default')}>
        First mic
      </button>
    </div>
  );
}

function App() {
  const { session, status, connect } = useRealtimeSession();
  const { calls } = useToolCalls();
  return (
    <div>
      <output data-testid="status">{status}</output>
      <button type="button" onClick={() => void connect()}>
        Connect
      </button>
      <Transcript messageClassName={(m) => `msg-${m.role}`} />
      <ToolApproval className="approvals" />
      <ul>
        {calls.map((c) => (
          <li key={c.callId} data-testid={`call-${c.toolName}`} data-status={c.status}>
            {JSON.stringify(c.output ?? null)}
          </li>
        ))}
      </ul>
      <MicButton className={({ muted }) => (muted ? 'mic off' : 'mic on')} />
      <AudioVisualizer source="speaker" bars={8} barClassName="bar" />
      <AudioVisualizer source="mic" bars={4} />
      <LevelsProbe />
      <Devices />
      <button type="button" onClick={() => void session?.sendText(textToSend)}>
        Send
      </button>
    </div>
  );
}
let textToSend = '';

function Ptt() {
  const { connect } = useRealtimeSession();
  return (
    <div>
      <button type="button" onClick={() => void connect()}>
        Connect
      </button>
      <MicButton mode="push-to-talk" />
    </div>
  );
}

async function connected<K extends 'websocket' | 'webrtc' = 'websocket'>(
  kind: K = 'websocket' as K,
  mediaStream?: MediaStream,
) {
  const r = emulatorRunner(kind, mediaStream);
  render(
    <StrictMode>
      <RealtimeProvider runner={r.runner} agent={agents().greeter}>
        <App />
      </RealtimeProvider>
    </StrictMode>,
  );
  fireEvent.click(screen.getByText('Connect'));
  await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'), {
    timeout: 10_000,
  });
  return r;
}
const send = (text: string) => {
  textToSend = text;
  fireEvent.click(screen.getByText('Send'));
};

describe('components on a live session', () => {
  it('<ToolApproval> approves a call that needs it; useToolCalls follows it to done; <Transcript> shows the answer', async () => {
    await connected();
    send('Book a table at 8pm, for Ana');
    const group = await screen.findByRole('group', { name: 'Allow book_table?' }, { timeout: 10_000 });
    expect(screen.getByTestId('call-book_table').dataset.status).toBe('awaiting_approval');
    expect(within(group).getByText(/"time"/)).toBeTruthy();
    fireEvent.click(within(group).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(screen.getByTestId('call-book_table').dataset.status).toBe('done'), {
      timeout: 10_000,
    });
    expect(screen.getByTestId('call-book_table').textContent).toContain('"confirmed":true');
    expect(screen.queryByRole('group')).toBeNull();
    const log = screen.getByRole('log', { name: 'Conversation' });
    await waitFor(
      () => expect(log.querySelector('li.msg-assistant')?.textContent).toMatch(/book_table returned/),
      {
        timeout: 10_000,
      },
    );
    expect(log.querySelector('li.msg-user')?.textContent).toBe('You: Book a table at 8pm, for Ana');
  });

  it('<ToolApproval> rejects: the call ends rejected and the model hears why', async () => {
    await connected();
    send('Book a table at 8pm, for Ana');
    const group = await screen.findByRole('group', { name: 'Allow book_table?' }, { timeout: 10_000 });
    fireEvent.click(within(group).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(screen.getByTestId('call-book_table').dataset.status).toBe('rejected'));
    await waitFor(
      () => expect(screen.getByTestId('call-book_table').textContent).toMatch(/declined to run 'book_table'/),
      {
        timeout: 10_000,
      },
    );
  });

  it('<MicButton> mutes the transport; <AudioVisualizer> draws the real speaker level without re-rendering', async () => {
    const { transport } = await connected();
    const button = screen.getByRole('button', { name: 'Mute microphone' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.className).toBe('mic off');
    expect(transport.muted).toBe(true);
    expect(screen.getByRole('button', { name: 'Unmute microphone' })).toBe(button);

    renders = 0;
    maxSpeaker = 0;
    const bars = () => [
      ...document.querySelectorAll<HTMLElement>('[data-source="speaker"] [data-part="bar"]'),
    ];
    let peak = 0;
    const watch = setInterval(() => {
      for (const b of bars()) peak = Math.max(peak, Number(b.style.getPropertyValue('--level')));
    }, 20);
    send('Please repeat this whole sentence slowly: the quick brown fox jumps over the lazy dog.');
    await waitFor(() => expect(peak).toBeGreaterThan(0.3), { timeout: 10_000 });
    clearInterval(watch);
    expect(maxSpeaker).toBeGreaterThan(0.3);
    expect(screen.getByRole('meter', { name: 'Agent audio level' })).toBeTruthy();
    // dozens of frames were drawn, the probe rendered at most once (StrictMode renders twice)
    expect(renders).toBeLessThanOrEqual(2);
  });

  it('useDevices lists the microphones once connected and switches the microphone live', async () => {
    const { transport } = await connected('webrtc');
    await waitFor(() => expect(Number(screen.getByTestId('inputs').textContent)).toBeGreaterThan(0));
    expect(screen.getByTestId('can-switch').textContent).toBe('true');
    const before = transport.inputTrack;
    fireEvent.click(screen.getByText('First mic'));
    await waitFor(() => expect(screen.getByTestId('input').textContent).not.toBe(''));
    await waitFor(() => expect(transport.inputTrack).not.toBe(before));
    expect(transport.inputTrack?.readyState).toBe('live');
  });

  it.each(['websocket', 'webrtc'] as const)(
    '%s: the mic <AudioVisualizer> shows the microphone level, and nothing while muted',
    async (kind) => {
      const tone = toneStream();
      try {
        await connected(kind, tone.stream);
        const meter = screen.getByRole('meter', { name: 'Microphone level' });
        const level = () =>
          Math.max(
            ...[...meter.children].map((b) => Number((b as HTMLElement).style.getPropertyValue('--level'))),
          );
        await waitFor(() => expect(level()).toBeGreaterThan(0.5), { timeout: 5_000 });
        fireEvent.click(screen.getByRole('button', { name: 'Mute microphone' }));
        await waitFor(() => expect(level()).toBe(0), { timeout: 5_000 });
      } finally {
        tone.close();
      }
    },
  );

  it('<MicButton mode="push-to-talk"> opens the microphone only while held', async () => {
    const r = emulatorRunner();
    render(
      <StrictMode>
        <RealtimeProvider runner={r.runner} agent={agents().greeter}>
          <Ptt />
        </RealtimeProvider>
      </StrictMode>,
    );
    const button = screen.getByRole('button', { name: 'Hold to talk' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(screen.getByText('Connect'));
    await waitFor(() => expect(button.disabled).toBe(false), { timeout: 10_000 });
    await waitFor(() => expect(r.transport.muted).toBe(true));
    fireEvent.pointerDown(button, { pointerId: 1 });
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.textContent).toBe('Release to send');
    expect(r.transport.muted).toBe(false);
    fireEvent.pointerUp(button, { pointerId: 1 });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(r.transport.muted).toBe(true);
  });
});
