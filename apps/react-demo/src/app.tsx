/**
 * The React demo: the classic demo's main features (transports, voice or push-to-talk turns, mic
 * and speaker levels, devices, transcript, tool approval, handoffs, latency) on
 * `@realtime-agents/react`. The agents, the client-secret fetch and the backend are the classic demo's.
 * @module
 */
import { RealtimeRunner } from '@realtime-agents/core';
import {
  AudioVisualizer,
  MicButton,
  RealtimeProvider,
  ToolApproval,
  Transcript,
  useAgentState,
  useDevices,
  useLatency,
  useRealtimeSession,
  useSessionEvent,
  useToolCalls,
} from '@realtime-agents/react';
import { webrtcTransport } from '@realtime-agents/webrtc';
import { websocketTransport } from '@realtime-agents/websocket';
import { type FormEvent, useMemo, useState } from 'react';
import { BLOCKED_WORD, createAgents } from '../../demo/src/agents.js';
import type { BackendConfig } from '../../demo/src/backend-config.js';
import { fetchClientSecret } from '../../demo/src/client-secret.js';

type TransportKind = 'webrtc' | 'websocket';
type TurnMode = 'vad' | 'ptt';
interface Settings {
  transport: TransportKind;
  turns: TurnMode;
}

/** Settings, and a runner + agents made from them; the provider reads them when Connect is clicked. */
export function Root({ backend }: { backend: BackendConfig }) {
  const [settings, setSettings] = useState<Settings>({ transport: 'webrtc', turns: 'vad' });
  const { runner, greeter } = useMemo(() => {
    const clientSecret = () => fetchClientSecret('/session');
    const transport =
      settings.transport === 'webrtc'
        ? webrtcTransport({ clientSecret })
        : websocketTransport({ clientSecret });
    const runner = new RealtimeRunner({
      model: backend.model,
      baseUrl: backend.baseUrl,
      voice: 'marin',
      turnDetection: settings.turns === 'ptt' ? null : { type: 'server_vad', silenceDurationMs: 500 },
      inputAudioTranscription: { model: 'gpt-4o-transcribe' },
      transport,
    });
    return { runner, greeter: createAgents().greeter };
  }, [settings, backend]);
  return (
    <RealtimeProvider runner={runner} agent={greeter}>
      <Demo backend={backend} settings={settings} onSettings={setSettings} />
    </RealtimeProvider>
  );
}

function Demo(props: { backend: BackendConfig; settings: Settings; onSettings: (s: Settings) => void }) {
  const { backend, settings, onSettings } = props;
  const { session, status, connect, disconnect, error } = useRealtimeSession();
  const state = useAgentState();
  const [agent, setAgent] = useState('Greeter');
  useSessionEvent('agent_start', (e) => setAgent(e.agent.name));
  useSessionEvent('handoff', (e) => setAgent(e.to.name));
  const live = status === 'connected' || status === 'reconnecting';
  const busy = live || status === 'connecting';
  return (
    <div className="app">
      <header>
        <h1>Realtime Agents · React</h1>
        <span data-testid="backend" data-backend={backend.backend}>
          {backend.backend === 'openai' ? `OpenAI · ${backend.model}` : 'Local emulator'}
        </span>
        <p>
          Agent <strong data-testid="agent-name">{agent}</strong>{' '}
          <span data-testid="agent-state" data-state={state}>
            {state}
          </span>
        </p>
      </header>
      <section aria-label="Connection" className="row">
        <label>
          Transport{' '}
          <select
            data-testid="transport"
            value={settings.transport}
            disabled={busy}
            onChange={(e) => onSettings({ ...settings, transport: e.target.value as TransportKind })}
          >
            <option value="webrtc">WebRTC</option>
            <option value="websocket">WebSocket</option>
          </select>
        </label>
        <label>
          Turns{' '}
          <select
            data-testid="turn-mode"
            value={settings.turns}
            disabled={busy}
            onChange={(e) => onSettings({ ...settings, turns: e.target.value as TurnMode })}
          >
            <option value="vad">Voice activity</option>
            <option value="ptt">Push-to-talk</option>
          </select>
        </label>
        <button type="button" data-testid="connect" onClick={() => (busy ? disconnect() : void connect())}>
          {busy ? 'Disconnect' : 'Connect'}
        </button>
        <output data-testid="status" data-state={status}>
          {status}
          {error && status !== 'connected' ? `: ${error.message}` : ''}
        </output>
      </section>
      <section aria-label="Audio" className="row">
        <MicButton data-testid="mic" mode={settings.turns === 'ptt' ? 'push-to-talk' : 'toggle'} />
        <button type="button" disabled={!live} onClick={() => session?.interrupt()}>
          Interrupt
        </button>
        <AudioVisualizer source="mic" className="viz" barClassName="bar" data-testid="mic-level" />
        <AudioVisualizer source="speaker" className="viz" barClassName="bar" data-testid="speaker-level" />
        <DevicePickers />
      </section>
      <main>
        <Transcript className="transcript" data-testid="transcript" />
        <ToolApproval className="approvals" data-testid="approvals" />
        <ToolLog />
        <Composer />
        <Latency />
      </main>
    </div>
  );
}

function Composer() {
  const { session } = useRealtimeSession();
  const [text, setText] = useState('');
  const send = (t: string) => void session?.sendText(t).catch(() => undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    send(text.trim());
    setText('');
  };
  const tries = ["What's the weather in Paris?", 'Book a table at 8pm, for Ana', 'Can we speak Spanish?'];
  return (
    <form onSubmit={submit} aria-label="Message">
      <input
        data-testid="text-input"
        value={text}
        disabled={!session}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" data-testid="send" disabled={!session}>
        Send
      </button>
      <p>
        Try:{' '}
        {tries.map((t) => (
          <button key={t} type="button" disabled={!session} onClick={() => send(t)}>
            {t}
          </button>
        ))}{' '}
        (“{BLOCKED_WORD}” trips the output guardrail)
      </p>
    </form>
  );
}

function ToolLog() {
  const { calls } = useToolCalls();
  return (
    <ul aria-label="Tool calls" className="tools">
      {calls.map((c) => (
        <li key={c.callId} data-testid="tool-call" data-tool={c.toolName} data-status={c.status}>
          {c.toolName}({JSON.stringify(c.arguments)}) — {c.status}
          {c.output !== undefined && <code> → {JSON.stringify(c.output)}</code>}
        </li>
      ))}
    </ul>
  );
}

function DevicePickers() {
  const { inputs, outputs, input, output, setInput, setOutput, canSwitchOutput } = useDevices();
  const ignore = () => undefined;
  return (
    <>
      <select
        data-testid="mic-select"
        aria-label="Microphone"
        value={input ?? ''}
        onChange={(e) => setInput(e.target.value).catch(ignore)}
      >
        <option value="">Default microphone</option>
        {inputs.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || 'Microphone'}
          </option>
        ))}
      </select>
      {canSwitchOutput && outputs.length > 0 && (
        <select
          aria-label="Speaker"
          value={output ?? ''}
          onChange={(e) => setOutput(e.target.value).catch(ignore)}
        >
          <option value="">Default speaker</option>
          {outputs.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || 'Speaker'}
            </option>
          ))}
        </select>
      )}
    </>
  );
}

function Latency() {
  const { last, turns } = useLatency();
  const ms = (v: number | null | undefined) => (v == null ? '–' : `${Math.round(v)} ms`);
  return (
    <p data-testid="latency">
      Latency: speech end → audio {ms(last?.speechEndToFirstAudioMs)}, response → audio{' '}
      {ms(last?.responseToFirstAudioMs)} ({turns.length} turns)
    </p>
  );
}
