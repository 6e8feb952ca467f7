// <RealtimeProvider> + useRealtimeSession against the emulator, in StrictMode: connect on click,
// exactly one connection, unmount closes, misuse and failures are reported clearly.
import type { RealtimeSession } from '@realtime-agents/core';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { agents, emulatorRunner } from '../test/emulator.js';
import { RealtimeProvider } from './provider.js';
import { useRealtimeSession } from './use-realtime-session.js';
import { useTranscript } from './use-transcript.js';

afterEach(() => cleanup());

let seen: RealtimeSession | null = null;
function Controls({ connectOnMount = false }: { connectOnMount?: boolean }) {
  const { session, status, connect, disconnect, error } = useRealtimeSession();
  seen = session ?? seen;
  useEffect(() => {
    if (connectOnMount) void connect();
  }, [connectOnMount, connect]);
  return (
    <div>
      <output data-testid="status">{status}</output>
      <output data-testid="error">{error?.message ?? ''}</output>
      <button type="button" onClick={() => void connect()}>
        Connect
      </button>
      <button type="button" onClick={disconnect}>
        Disconnect
      </button>
    </div>
  );
}

function renderApp<K extends 'websocket' | 'webrtc' = 'websocket'>(
  kind: K = 'websocket' as K,
  connectOnMount = false,
) {
  const r = emulatorRunner(kind);
  seen = null;
  const view = render(
    <StrictMode>
      <RealtimeProvider runner={r.runner} agent={agents().greeter}>
        <Controls connectOnMount={connectOnMount} />
      </RealtimeProvider>
    </StrictMode>,
  );
  return { ...r, view };
}

function Orphan() {
  useTranscript();
  return null;
}

const status = () => screen.getByTestId('status').textContent;

describe('RealtimeProvider + useRealtimeSession', () => {
  it('connects only when asked (a click), once, even when clicked twice in StrictMode', async () => {
    const { counter } = renderApp();
    expect(status()).toBe('idle');
    await new Promise((r) => setTimeout(r, 100));
    expect(counter.connects).toBe(0);
    fireEvent.click(screen.getByText('Connect'));
    fireEvent.click(screen.getByText('Connect'));
    expect(status()).toBe('connecting');
    await waitFor(() => expect(status()).toBe('connected'), { timeout: 10_000 });
    expect(counter.connects).toBe(1);
    expect(seen?.closed).toBe(false);
  });

  it('makes exactly one connection when StrictMode runs a connecting effect twice', async () => {
    const { counter } = renderApp('websocket', true);
    await waitFor(() => expect(status()).toBe('connected'), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(counter.connects).toBe(1);
    expect(seen?.closed).toBe(false);
  });

  it('closes the session when the provider unmounts', async () => {
    const { view, transport } = renderApp();
    fireEvent.click(screen.getByText('Connect'));
    await waitFor(() => expect(status()).toBe('connected'), { timeout: 10_000 });
    const session = seen!;
    expect(transport.phase).toBe('open');
    view.unmount();
    await waitFor(() => expect(session.closed).toBe(true));
    expect(transport.phase).toBe('closed');
  });

  it('disconnects, then connects again with a fresh session', async () => {
    const { counter } = renderApp();
    fireEvent.click(screen.getByText('Connect'));
    await waitFor(() => expect(status()).toBe('connected'), { timeout: 10_000 });
    const first = seen!;
    fireEvent.click(screen.getByText('Disconnect'));
    expect(status()).toBe('closed');
    expect(first.closed).toBe(true);
    fireEvent.click(screen.getByText('Connect'));
    await waitFor(() => expect(status()).toBe('connected'), { timeout: 10_000 });
    expect(seen).not.toBe(first);
    expect(counter.connects).toBe(2);
  });

  it('reports a failed connect as status error with the reason', async () => {
    const { runner } = emulatorRunner();
    const broken = new (runner.constructor as typeof import('@realtime-agents/core').RealtimeRunner)({
      ...runner.options,
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    render(
      <StrictMode>
        <RealtimeProvider runner={broken} agent={agents().greeter}>
          <Controls />
        </RealtimeProvider>
      </StrictMode>,
    );
    await act(async () => fireEvent.click(screen.getByText('Connect')));
    await waitFor(() => expect(status()).toBe('error'), { timeout: 10_000 });
    expect(screen.getByTestId('error').textContent).not.toBe('');
  });

  it('throws an error naming RealtimeProvider when a hook is used outside it', () => {
    const quiet = console.error;
    console.error = () => undefined;
    try {
      expect(() => render(<Orphan />)).toThrow(/useTranscript\(\) must be used inside <RealtimeProvider/);
    } finally {
      console.error = quiet;
    }
  });
});
