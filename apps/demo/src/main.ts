/**
 * The demo page: wires the controls to a {@link DemoConnection} and feeds every session event to
 * the transcript, tool panel, event log, latency readout and meters.
 * @module
 */
import type { SessionEvent } from '@realtime-agents/core';
import { BLOCKED_WORD, MCP_ALWAYS_APPROVE } from './agents.js';
import { type BackendConfig, fetchBackendConfig } from './backend-config.js';
import { ConnectFailure, DemoConnection, DRILLS, type Drill } from './connection.js';
import { DemoLink, type LinkSettings } from './demo-link.js';
import { ReconnectBanner } from './ui/reconnect-banner.js';
import { describeError } from './describe-error.js';
import { bindDevicePickers } from './ui/device-pickers.js';
import { byTestId, h } from './ui/element.js';
import { EventLogView } from './ui/event-log.js';
import { LatencyView } from './ui/latency.js';
import { McpPanel } from './ui/mcp-panel.js';
import { LevelMeter } from './ui/meters.js';
import { PreparationView } from './ui/preparation.js';
import { StatusView } from './ui/status.js';
import { ToolPanel } from './ui/tool-panel.js';
import { TranscriptView } from './ui/transcript.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => byTestId<T>(document, id);

const status = new StatusView($('status'));
const preparation = new PreparationView($('preparation'));
const transcript = new TranscriptView($('transcript'));
const log = new EventLogView($('event-log'));
const latency = new LatencyView($('latency'));
const micMeter = new LevelMeter($<HTMLMeterElement>('mic-level'));
const speakerMeter = new LevelMeter($<HTMLMeterElement>('speaker-level'));
const agentName = $('agent-name');
const connectButton = $<HTMLButtonElement>('connect');
const transportSelect = $<HTMLSelectElement>('transport');
const turnSelect = $<HTMLSelectElement>('turn-mode');
const drillSelect = $<HTMLSelectElement>('drill');
const micSelect = $<HTMLSelectElement>('mic-select');
const speakerSelect = $<HTMLSelectElement>('speaker-select');
const muteButton = $<HTMLButtonElement>('mute');
const pttButton = $<HTMLButtonElement>('ptt');
const interruptButton = $<HTMLButtonElement>('interrupt');
const dropButton = $<HTMLButtonElement>('drop-link');
const input = $<HTMLInputElement>('text-input');
const sendButton = $<HTMLButtonElement>('send');
const toolsRoot = $('tool-calls');

let backend: BackendConfig | null = null;
let connection: DemoConnection | null = null;
let lastError: Error | null = null;
let closingByUser = false;
let stopSpeakerLevel = () => {};
/** The connection prepared for the current settings (before the click); the click adopts it. */
let link: DemoLink | null = null;
let relinkScheduled = false;

const tools = new ToolPanel(toolsRoot, {
  approve: (callId) => connection?.session.approveTool(callId),
  reject: (callId) => connection?.session.rejectTool(callId, 'The user rejected this call in the demo UI.'),
});

// The same decisions as function tools: an MCP approval's callId is its approval request's item id.
const mcpPanel = new McpPanel($('mcp-card'), {
  approve: (callId) => connection?.session.approveTool(callId),
  reject: (callId) => connection?.session.rejectTool(callId, 'The user rejected this call in the demo UI.'),
});

const devices = bindDevicePickers(micSelect, speakerSelect);

function setLive(live: boolean): void {
  connectButton.textContent = live ? 'Disconnect' : 'Connect';
  connectButton.dataset.action = live ? 'disconnect' : 'connect';
  connectButton.classList.toggle('primary', !live);
  for (const el of [transportSelect, drillSelect]) el.disabled = live;
  for (const el of [muteButton, pttButton, interruptButton, dropButton, input, sendButton])
    el.disabled = !live;
  muteButton.setAttribute('aria-pressed', 'false');
  muteButton.textContent = 'Mute';
  if (!live) {
    micMeter.set(-120);
    speakerMeter.set(-120);
  }
}

function onEvent(event: SessionEvent): void {
  log.add(event);
  transcript.handle(event);
  if (!mcpPanel.handle(event)) tools.handle(event);
  switch (event.type) {
    case 'metrics':
      latency.add(event);
      break;
    case 'speech_stopped':
      latency.speechEnded();
      break;
    case 'agent_start':
      agentName.textContent = event.agent.name;
      break;
    case 'handoff':
      agentName.textContent = event.to.name;
      break;
    case 'error':
      lastError = event.error;
      break;
    case 'warning':
      reconnectBanner.warn(event);
      break;
    case 'connection':
      reconnectBanner.show(event);
      if (event.state === 'reconnecting' || event.state === 'disconnected')
        status.set(
          'connecting',
          `Connection ${event.state}${event.error ? `: ${event.error.message}` : ''}…`,
        );
      else if (event.state === 'connected' && connection) status.set('connected', connectedMessage());
      else if (event.state === 'closed') onClosed();
      break;
  }
  document.body.classList.toggle('has-tools', toolsRoot.childElementCount > 0);
}

function connectedMessage(): string {
  const via = transportSelect.selectedOptions[0]?.textContent ?? '';
  const to = backend?.backend === 'openai' ? 'OpenAI Realtime API' : 'local emulator';
  return `${via} · ${to}${connection?.pushToTalk ? ' · hold “Hold to talk” (or Space) to speak' : ''}`;
}

function onClosed(): void {
  if (!connection) return;
  const byUser = closingByUser;
  stopSpeakerLevel();
  showAudioIssue(null);
  connection.close();
  connection = null;
  closingByUser = false;
  setLive(false);
  prepareLink(); // the next Connect adopts a connection made ahead again
  if (byUser) status.set('closed', 'Disconnected. Connect again to start a new session.');
  else status.set('error', describeError(lastError ?? new Error('the server closed the session'), 'session'));
}

function currentSettings(config: BackendConfig): LinkSettings {
  return {
    backend: config,
    transport: transportSelect.value as 'webrtc' | 'websocket',
    micDeviceId: micSelect.value,
    speakerDeviceId: speakerSelect.disabled ? undefined : speakerSelect.value,
    pushToTalk: turnSelect.value === 'ptt',
    drill: (drillSelect.value || 'none') as Drill,
  };
}

/** Prepare a connection for the current settings (replacing the previous one), unless connected. */
function prepareLink(): DemoLink | null {
  relinkScheduled = false;
  if (connection || !backend) return null;
  link?.close();
  const next = new DemoLink(currentSettings(backend));
  link = next;
  preparation.show(next);
  void next.prepare().then(() => preparation.show(next));
  return next;
}

/** A select changed: prepare again (once this round of changes is over) if the settings did. */
function relink(): void {
  if (connection || relinkScheduled || !backend) return;
  const now = currentSettings(backend);
  const was = link?.settings;
  const keys = ['transport', 'micDeviceId', 'speakerDeviceId', 'pushToTalk', 'drill'] as const;
  if (was && keys.every((k) => was[k] === now[k])) return;
  relinkScheduled = true;
  setTimeout(() => relinkScheduled && prepareLink(), 0);
}

async function connect(): Promise<void> {
  if (!backend) {
    try {
      backend = await loadBackend();
    } catch (e) {
      status.set('error', (e as Error).message);
      return;
    }
  }
  lastError = null;
  connectButton.disabled = true;
  status.set(
    'connecting',
    `Opening the microphone and connecting over ${transportSelect.selectedOptions[0]?.textContent}…`,
  );
  transcript.clear();
  tools.clear();
  mcpPanel.connecting();
  latency.clear();
  agentName.textContent = 'Greeter';
  // the prepared connection, unless the settings just changed (or it was never made); one that
  // failed is tried again by the click, since its cause (a backend, a token endpoint) may be gone
  const adopted = (relinkScheduled || link?.preparation === 'failed' ? null : link) ?? prepareLink()!;
  link = null;
  const connectedOver = preparation.adopt(adopted);
  try {
    connection = await DemoConnection.open({
      ...adopted.settings,
      link: adopted,
      onEvent,
      onMicLevel: (db) => micMeter.set(db),
      onAudioIssue: showAudioIssue,
    });
    stopSpeakerLevel = connection.onSpeakerLevel((db) => speakerMeter.set(db));
    setLive(true);
    connectedOver();
    status.set('connected', connectedMessage());
    void devices.refresh(); // labels appear once the microphone is allowed
    input.focus();
  } catch (e) {
    connection = null;
    setLive(false);
    prepareLink();
    mcpPanel.clear();
    log.add({
      type: 'error',
      error: (e as Error).cause instanceof Error ? ((e as Error).cause as Error) : (e as Error),
    });
    status.set('error', e instanceof ConnectFailure ? e.message : describeError(e, 'connect'));
  } finally {
    connectButton.disabled = false;
  }
}

connectButton.addEventListener('click', () => {
  if (connection) {
    closingByUser = true;
    connection.close();
    onClosed();
  } else void connect();
});

dropButton.addEventListener('click', () => {
  connection?.dropLink().catch(reportActionError);
});

muteButton.addEventListener('click', () => {
  if (!connection) return;
  const muted = muteButton.getAttribute('aria-pressed') !== 'true';
  connection.session.mute(muted);
  muteButton.setAttribute('aria-pressed', String(muted));
  muteButton.textContent = muted ? 'Unmute' : 'Mute';
});

interruptButton.addEventListener('click', () => connection?.session.interrupt());

const reconnectBanner = new ReconnectBanner($('reconnect-banner'));
const audioIssue = $('audio-issue');
/** The browser blocked or starved agent audio: say so, with a one-tap resume. */
function showAudioIssue(message: string | null): void {
  audioIssue.hidden = message === null;
  audioIssue.querySelector('[data-part="message"]')!.textContent = message ?? '';
}
$('audio-resume').addEventListener('click', () => {
  void connection?.resumeAudio().then((ok) => ok && showAudioIssue(null));
});

function reportActionError(e: unknown): void {
  lastError = e as Error;
  log.add({ type: 'error', error: e as Error });
  status.set(
    connection ? 'connected' : 'error',
    `${connection ? 'Action failed: ' : ''}${(e as Error).message}`,
  );
}

let pttPending: Promise<void> = Promise.resolve();
function pttDown(): void {
  if (!connection || pttButton.getAttribute('aria-pressed') === 'true') return;
  const c = connection;
  pttButton.setAttribute('aria-pressed', 'true');
  pttButton.textContent = 'Listening… release to send';
  turnSelect.value = 'ptt';
  pttPending = c.pttDown().catch(reportActionError);
}
function pttUp(): void {
  if (pttButton.getAttribute('aria-pressed') !== 'true') return;
  pttButton.setAttribute('aria-pressed', 'false');
  pttButton.textContent = 'Hold to talk';
  const c = connection;
  void pttPending.then(() => {
    try {
      c?.pttUp();
      latency.speechEnded();
    } catch (e) {
      reportActionError(e);
    }
  });
}

for (const select of [transportSelect, turnSelect, drillSelect, micSelect, speakerSelect])
  select.addEventListener('change', relink);
// An unused prepared connection closes after its idle timeout: prepare again when the user heads
// for Connect (the click still connects without one).
connectButton.addEventListener('pointerenter', () => {
  if (link?.preparation === 'expired') prepareLink();
});

turnSelect.addEventListener('change', () => {
  if (!connection) return;
  connection.setPushToTalk(turnSelect.value === 'ptt').then(() => {
    status.set('connected', connectedMessage());
    muteButton.setAttribute('aria-pressed', 'false');
    muteButton.textContent = 'Mute';
  }, reportActionError);
});
micSelect.addEventListener('change', () => {
  connection?.setMicrophone(micSelect.value).catch(reportActionError);
});
speakerSelect.addEventListener('change', () => {
  if (speakerSelect.value) connection?.setSpeaker(speakerSelect.value).catch(reportActionError);
});
pttButton.addEventListener('pointerdown', (e) => {
  pttButton.setPointerCapture(e.pointerId);
  pttDown();
});
pttButton.addEventListener('pointerup', pttUp);
pttButton.addEventListener('pointercancel', pttUp);
pttButton.addEventListener('keydown', (e) => {
  if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
    e.preventDefault();
    pttDown();
  }
});
pttButton.addEventListener('keyup', (e) => (e.key === ' ' || e.key === 'Enter') && pttUp());
document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (
    e.key === ' ' &&
    !typing &&
    !e.repeat &&
    !(e.target instanceof HTMLButtonElement) &&
    connection?.pushToTalk
  ) {
    e.preventDefault();
    pttDown();
  }
});
document.addEventListener(
  'keyup',
  (e) => e.key === ' ' && !(e.target instanceof HTMLButtonElement) && pttUp(),
);

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text || !connection) return;
  input.value = '';
  connection.session.sendText(text).catch((err) => {
    lastError = err;
    status.set('error', describeError(err, 'session'));
  });
});

$('event-log-clear').addEventListener('click', () => log.clear());

function renderHints(): void {
  const tries = [
    "What's the weather in Paris?",
    'Book a table at 8pm, for Ana',
    'Can we speak Spanish?',
    'Roll the dice with 20 sides',
    'Delete the file about notes',
    `I love ${BLOCKED_WORD} on pizza`,
  ];
  $('hints').replaceChildren(
    'Try: ',
    ...tries.map((t) => {
      const b = h('button', { type: 'button', class: 'try' }, t);
      b.addEventListener('click', () => {
        input.value = t;
        if (connection) $<HTMLFormElement>('composer').requestSubmit();
        else input.focus();
      });
      return b;
    }),
    h('span', { class: 'note' }, ` (“${BLOCKED_WORD}” trips the output guardrail)`),
  );
}

async function loadBackend(): Promise<BackendConfig> {
  const config = await fetchBackendConfig();
  const badge = $('backend');
  badge.dataset.backend = config.backend;
  badge.textContent = config.backend === 'openai' ? `OpenAI · ${config.model}` : 'Local emulator';
  badge.title =
    config.backend === 'openai'
      ? 'OPENAI_API_KEY is set on the server: talking to the real Realtime API'
      : `No OPENAI_API_KEY: talking to the local emulator at ${config.baseUrl}`;
  $('drill-field').hidden = !config.faults;
  dropButton.hidden = !config.faults;
  mcpPanel.setServer(config.mcp ? { ...config.mcp, alwaysApprove: MCP_ALWAYS_APPROVE } : null);
  drillSelect.replaceChildren(...DRILLS.map(([value, label]) => new Option(label, value)));
  return config;
}

renderHints();
setLive(false);
loadBackend().then(
  (c) => {
    backend = c;
    prepareLink();
  },
  (e) => status.set('error', (e as Error).message),
);
