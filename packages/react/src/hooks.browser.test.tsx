// The hooks against the emulator, in StrictMode: a text turn in useTranscript, agent state
// transitions, latency, useSessionEvent (newest handler, no stale closure) and a handoff.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { agents, emulatorRunner } from '../test/emulator.js';
import type { AgentState } from './agent-state-model.js';
import { RealtimeProvider } from './provider.js';
import { useAgentState } from './use-agent-state.js';
import { useLatency } from './use-latency.js';
import { useRealtimeSession } from './use-realtime-session.js';
import { useSessionEvent } from './use-session-event.js';
import { useTranscript } from './use-transcript.js';

afterEach(() => cleanup());

const states: AgentState[] = [];
function Probe() {
  const { session, status, connect } = useRealtimeSession();
  const messages = useTranscript();
  const state = useAgentState();
  const { last, turns } = useLatency();
  const [agent, setAgent] = useState('Greeter');
  const [text, setText] = useState('What is the weather in Paris?');
  useSessionEvent('handoff', (e) => setAgent(`${e.to.name} (from ${e.from.name})`));
  useEffect(() => {
    if (states.at(-1) !== state) states.push(state);
  }, [state]);
  return (
    <div>
      <output data-testid="status">{status}</output>
      <output data-testid="state">{state}</output>
      <output data-testid="agent">{agent}</output>
      <output data-testid="latency">{last ? `${turns.length}:${last.responseToFirstAudioMs}` : ''}</output>
      <button type="button" onClick={() => void connect()}>
        Connect
      </button>
      <input aria-label="message" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="button" onClick={() => void session?.sendText(text)}>
        Send
      </button>
      <button type="button" onClick={() => session?.interrupt()}>
        Interrupt
      </button>
      <ol>
        {messages.map((m) => (
          <li key={m.id} data-role={m.role} data-streaming={m.streaming} data-interrupted={m.interrupted}>
            {m.text}
          </li>
        ))}
      </ol>
    </div>
  );
}

async function connected(kind: 'websocket' | 'webrtc' = 'websocket') {
  states.length = 0;
  const r = emulatorRunner(kind);
  render(
    <StrictMode>
      <RealtimeProvider runner={r.runner} agent={agents().greeter}>
        <Probe />
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
  fireEvent.change(screen.getByLabelText('message'), { target: { value: text } });
  fireEvent.click(screen.getByText('Send'));
};
const items = (role: string) => [...document.querySelectorAll(`li[data-role="${role}"]`)] as HTMLElement[];

describe('hooks on a live session', () => {
  it.each(['websocket', 'webrtc'] as const)(
    '%s: a text turn streams into useTranscript while the agent state goes listening → thinking → speaking → listening',
    async (kind) => {
      await connected(kind);
      expect(screen.getByTestId('state').textContent).toBe('listening');
      send('Hello there, how are you?');
      await waitFor(() => expect(items('user')[0]?.textContent).toBe('Hello there, how are you?'));
      // the assistant's transcript streams (data-streaming) and then completes
      await waitFor(() => expect(items('assistant')[0]?.dataset.streaming).toBe('true'), { timeout: 10_000 });
      await waitFor(() => expect(items('assistant')[0]?.dataset.streaming).toBe('false'), {
        timeout: 15_000,
      });
      expect(items('assistant')[0]!.textContent!.length).toBeGreaterThan(5);
      await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('listening'), {
        timeout: 15_000,
      });
      expect(states).toEqual(['idle', 'listening', 'thinking', 'speaking', 'listening']);
      // one metrics event for the turn, measured from the audio really played
      const latency = screen.getByTestId('latency').textContent!;
      expect(latency).toMatch(/^1:\d+(\.\d+)?$/);
    },
  );

  it('useSessionEvent sees the handoff to the Spanish agent, who then answers', async () => {
    await connected();
    send('Can we speak Spanish?');
    await waitFor(() => expect(screen.getByTestId('agent').textContent).toBe('Spanish (from Greeter)'), {
      timeout: 10_000,
    });
    await waitFor(() => expect(items('assistant').at(-1)?.textContent).toMatch(/Hola/), { timeout: 10_000 });
  });

  it('interrupt() marks the answer interrupted and hands the turn back (listening)', async () => {
    await connected();
    send(
      'Please repeat this whole sentence slowly: the quick brown fox jumps over the lazy dog, then runs across the wide green field, past the old red barn, and into the quiet forest.',
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('speaking'), {
      timeout: 10_000,
    });
    fireEvent.click(screen.getByText('Interrupt'));
    await waitFor(() => expect(items('assistant')[0]?.dataset.interrupted).toBe('true'), { timeout: 5_000 });
    expect(items('assistant')[0]?.dataset.streaming).toBe('false');
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('listening'));
  });
});

const calls: string[] = [];
function Counter() {
  const { connect, session } = useRealtimeSession();
  const [n, setN] = useState(0);
  useSessionEvent('agent_start', () => calls.push(`n=${n}`));
  return (
    <div>
      <button type="button" onClick={() => void connect()}>
        Connect
      </button>
      <button type="button" onClick={() => setN((x) => x + 1)}>
        Inc
      </button>
      <button type="button" onClick={() => void session?.sendText('hi')}>
        Send
      </button>
      <output data-testid="ready">{session ? 'yes' : 'no'}</output>
    </div>
  );
}

describe('useSessionEvent', () => {
  it('always calls the handler of the latest render', async () => {
    calls.length = 0;
    const r = emulatorRunner();
    render(
      <StrictMode>
        <RealtimeProvider runner={r.runner} agent={agents().greeter}>
          <Counter />
        </RealtimeProvider>
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('Connect'));
    await waitFor(() => expect(screen.getByTestId('ready').textContent).toBe('yes'), { timeout: 10_000 });
    fireEvent.click(screen.getByText('Inc'));
    fireEvent.click(screen.getByText('Inc'));
    fireEvent.click(screen.getByText('Send'));
    await waitFor(() => expect(calls).toEqual(['n=2']), { timeout: 10_000 });
  });
});
