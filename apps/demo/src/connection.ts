/**
 * One demo connection: adopts the {@link DemoLink} prepared before the click (or builds one),
 * opens the microphone meter and the WebSocket speaker inside the click, runs the session and
 * releases everything on close. Failures are thrown as {@link ConnectFailure} with a message for
 * the status line.
 * @module
 */
import { rmsDbfs } from '@realtime-agents/audio';
import { RealtimeSession, type SessionEvent, type Transport } from '@realtime-agents/core';
import { ConnectFailure } from './connect-failure.js';
import { type DeviceControls, DemoLink, type LinkSettings, VAD } from './demo-link.js';
import { MicMeter } from './mic-meter.js';
import { Speaker } from './speaker.js';

export { ConnectFailure };

export { DRILLS, type Drill } from './drills.js';

export interface ConnectOptions extends LinkSettings {
  /** The link prepared before the click for these settings; built now when missing. */
  link?: DemoLink;
  onEvent(event: SessionEvent): void;
  onMicLevel(dbfs: number): void;
  /** Agent audio cannot be heard (suspended context, silent output): a message, then `null` when fixed. */
  onAudioIssue?(message: string | null): void;
}

/** A live connection; `close()` releases mic, taps, contexts and the session. */
export class DemoConnection {
  readonly session: RealtimeSession;
  readonly transport: Transport & DeviceControls;
  #pushToTalk: boolean;
  readonly #mic: MicMeter;
  readonly #speaker: Speaker | null;
  readonly #link: ServerLink;

  private constructor(
    session: RealtimeSession,
    transport: Transport,
    pushToTalk: boolean,
    mic: MicMeter,
    speaker: Speaker | null,
    link: ServerLink,
  ) {
    this.#link = link;
    this.#speaker = speaker;
    this.session = session;
    this.transport = transport;
    this.#pushToTalk = pushToTalk;
    this.#mic = mic;
  }

  /** Connect. Call from the click handler, so the audio context unlocks under autoplay policies. */
  static async open(o: ConnectOptions): Promise<DemoConnection> {
    const mic = new MicMeter(o.onMicLevel);
    const link = o.link ?? new DemoLink(o);
    // WebRTC plays through a media element; WebSocket audio goes through our player, whose context
    // must be created and unlocked now, inside the click.
    const speaker = link.output ? new Speaker(o.speakerDeviceId || undefined) : null;
    try {
      // Opened here for its clear permission errors and the level meter, beside the connect (not
      // before it, which would add the microphone's start-up to every click): the transport opens
      // its own capture of the same device as it adopts the prepared connection, and the meter then
      // follows that track.
      const micOpen = mic.open(o.micDeviceId);
      micOpen.catch(() => undefined); // awaited below, after the connect has started
      if (speaker) link.output!.attach(await speaker.output());
      const { transport } = link;
      // What runner.session() does, with the listener attached before connecting, so the log also
      // shows what happens during the handshake (late `for await` loops skip audio and raw events).
      const session = new RealtimeSession({ options: link.runner.options, agent: link.agent, transport });
      session.on('*', (event) => o.onEvent(event));
      const server = serverLink(session, o.backend.baseUrl);
      if (o.pushToTalk) transport.mute(true);
      const connecting = withTimeout(session.connect(), o.timeoutMs ?? 15_000);
      connecting.catch(() => undefined);
      try {
        await micOpen; // its error names the microphone problem better than the transport's would
        await connecting;
      } catch (e) {
        session.close();
        throw e instanceof ConnectFailure ? e : new ConnectFailure('connect', e);
      }
      const track = transport.inputTrack ?? transport.microphone?.track;
      if (track) await mic.follow(track);
      if (o.onAudioIssue) speaker?.watch(o.onAudioIssue);
      return new DemoConnection(session, transport, o.pushToTalk, mic, speaker, server);
    } catch (e) {
      link.close();
      mic.close();
      speaker?.close();
      throw e instanceof ConnectFailure ? e : new ConnectFailure('connect', e);
    }
  }

  /**
   * Emulator only: cut the live connection as a network failure would, through
   * `POST /emulator/sessions/{id}/drop`. The session then reconnects by itself.
   */
  async dropLink(): Promise<void> {
    const id = this.#link.sessionId;
    if (!id) throw new Error('No server session yet: there is nothing to drop.');
    const res = await fetch(`${this.#link.origin}/emulator/sessions/${encodeURIComponent(id)}/drop`, {
      method: 'POST',
    });
    if (!res.ok)
      throw new Error(`The emulator did not drop session ${id} (HTTP ${res.status}): ${await res.text()}`);
  }

  /** True while turns are taken by push-to-talk (`turn_detection: null`). */
  get pushToTalk(): boolean {
    return this.#pushToTalk;
  }

  /** Switch turn-taking at runtime: server VAD, or push-to-talk (`turn_detection: null`, mic closed until held). */
  async setPushToTalk(on: boolean): Promise<void> {
    if (this.session.closed || on === this.#pushToTalk) return;
    this.#pushToTalk = on;
    await this.session.setTurnDetection(on ? null : VAD);
    this.session.mute(on);
  }

  /** Push-to-talk pressed: switch to push-to-talk if needed, stop the agent, start a fresh buffer, open the mic. */
  async pttDown(): Promise<void> {
    if (this.session.closed) return;
    await this.setPushToTalk(true);
    this.session.startPushToTalk();
    this.session.mute(false);
  }

  /** Push-to-talk released: close the mic and commit the turn (asks for a response). */
  pttUp(): void {
    if (!this.#pushToTalk || this.session.closed) return;
    this.session.mute(true);
    this.session.endPushToTalk();
  }

  /** Use another microphone (the transport swaps its track); the level meter follows. */
  async setMicrophone(deviceId: string): Promise<void> {
    const t = this.transport;
    if (!t.setInputDevice) throw new Error(`The ${t.name} transport cannot switch microphones`);
    if ('inputTrack' in t) {
      // WebRTC opens the device itself and replaces the sender's track.
      await t.setInputDevice(deviceId || undefined);
      if (t.inputTrack) await this.#mic.follow(t.inputTrack);
    } else {
      const stream = await MicMeter.openStream(deviceId);
      await (t.setInputDevice as unknown as (s: MediaStream) => Promise<void>)(stream);
      await this.#mic.follow(stream.getAudioTracks()[0]!);
    }
  }

  /**
   * Report the agent's output level: the WebSocket player's own readings where there is one, else
   * the level of the PCM16 the transport delivers as it plays (WebRTC taps the remote track).
   * Returns a function that stops reporting.
   */
  onSpeakerLevel(report: (dbfs: number) => void): () => void {
    const player = this.#speaker?.player;
    if (player) return player.on('level', (l) => report(l.rmsDbfs));
    return this.session.on('audio', (e) => report(rmsDbfs(e.data)));
  }

  /** Route the agent's audio to another speaker (where supported). */
  async setSpeaker(deviceId: string): Promise<void> {
    const player = this.#speaker?.player;
    if (player) await player.setSinkId(deviceId);
    else await this.transport.setOutputDevice?.(deviceId);
  }

  /** Resume agent audio after the browser blocked it (call from a click). */
  resumeAudio(): Promise<boolean> {
    return this.#speaker?.resume() ?? Promise.resolve(true);
  }

  close(): void {
    this.session.close();
    this.#mic.close();
    this.#speaker?.close();
  }
}

/** Which server session the connection is on now (it changes with each reconnect). */
interface ServerLink {
  readonly origin: string;
  readonly sessionId: string | null;
}

function serverLink(session: RealtimeSession, baseUrl: string): ServerLink {
  const link = { origin: new URL(baseUrl).origin, sessionId: null as string | null };
  session.on('raw', ({ event }) => {
    if (event.type !== 'session.created') return;
    const id = (event as { session?: { id?: unknown } }).session?.id;
    if (typeof id === 'string') link.sessionId = id;
  });
  return link;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from the backend within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
