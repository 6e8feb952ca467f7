/**
 * The page helper: waits for what a voice app's sessions do — transcripts, tool calls, handoffs,
 * guardrail trips — and for agent audio the page really plays. It reads every `RealtimeSession`
 * the page creates (through the probe), so it needs no test ids in your markup.
 * @module
 */
import { type Page, test } from '@playwright/test';
import type { PageProbe, VoiceEvent } from './probe.js';

/** A timeout for one wait (ms); the `voiceTimeout` option is the default. */
export interface WaitOptions {
  timeout?: number;
}

/** A tool call seen in the page. */
export interface SeenToolCall {
  name: string;
  arguments: unknown;
  /** Set once the tool finished. */
  output?: unknown;
  ok?: boolean;
  agent: string | null;
  callId: string;
}

/**
 * Steps are boxed, so a failure points at the test's line: each public method awaits its step
 * itself (Playwright drops the first frame of the step's async stack, which is then that method).
 */
const BOX = { box: true } as const;
const show = (v: unknown) => (v instanceof RegExp ? String(v) : JSON.stringify(v));
const matchText = (want: string | RegExp, text: string) =>
  typeof want === 'string' ? text.includes(want) : want.test(text);

/**
 * True when every key of `expected` has (deeply) that value in `actual`; RegExps match strings.
 * @example matchesSubset({ city: 'Paris', unit: 'C' }, { city: 'Paris' }) // true
 */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchesSubset(actual[i], e))
    );
  return Object.entries(expected).every(([k, v]) => matchesSubset((actual as Record<string, unknown>)[k], v));
}

/** The page helper handed to tests as `voice`. */
export class VoicePage {
  readonly #probe: PageProbe;
  /** Default timeout of each wait (ms). */
  readonly timeout: number;

  constructor(probe: PageProbe, timeout: number) {
    this.#probe = probe;
    this.timeout = timeout;
  }

  get page(): Page {
    return this.#probe.page;
  }

  /** Session events so far (all sessions of the page), optionally of one type. */
  events(type?: string): VoiceEvent[] {
    return type ? this.#probe.events.filter((e) => e.type === type) : [...this.#probe.events];
  }

  /** Final transcripts so far, in order, optionally of one role. */
  transcripts(role?: 'user' | 'assistant'): string[] {
    return this.events('transcript')
      .filter((e) => e.final && (!role || e.role === role))
      .map((e) => String(e.text));
  }

  /** Tool calls so far (with their outputs once they finished). */
  toolCalls(): SeenToolCall[] {
    const calls = new Map<string, SeenToolCall>();
    for (const e of this.#probe.events) {
      if (e.type === 'tool_start' || e.type === 'tool_approval_requested') {
        const id = String(e.callId);
        if (!calls.has(id))
          calls.set(id, {
            name: String(e.toolName),
            arguments: e.arguments,
            agent: e.agent as string | null,
            callId: id,
          });
      } else if (e.type === 'tool_end') {
        const call = calls.get(String(e.callId));
        if (call) Object.assign(call, { output: e.output, ok: e.ok });
      }
    }
    return [...calls.values()];
  }

  /** The loudest agent audio (dBFS) the page played since it loaded or {@link resetAudio}; −120 is silence. */
  get peakDbfs(): number {
    return this.#probe.peakDbfs;
  }

  /** Forget the audio heard so far ({@link waitForAgentAudio} then waits for new audio). */
  resetAudio(): void {
    this.#probe.resetLevels();
  }

  /** Wait until a session of the page is connected; returns its number (1 for the first). */
  async waitForSession(options: WaitOptions = {}): Promise<number> {
    const title = 'voice.waitForSession()';
    return await test.step(
      title,
      () =>
        this.#wait(
          title,
          options,
          () => this.#probe.events.find((x) => x.type === 'connection' && x.state === 'connected')?.session,
        ),
      BOX,
    );
  }

  /**
   * Wait for a final transcript of `role` containing `text` (or matching the RegExp); returns it.
   * @example await voice.waitForTranscript('assistant', /sunny/i);
   */
  async waitForTranscript(
    role: 'user' | 'assistant',
    text: string | RegExp,
    options: WaitOptions = {},
  ): Promise<string> {
    const title = `voice.waitForTranscript('${role}', ${show(text)})`;
    return await test.step(
      title,
      () => this.#wait(title, options, () => this.transcripts(role).find((t) => matchText(text, t))),
      BOX,
    );
  }

  /**
   * Wait for a call of `tool` whose arguments include `args` (deeply); with `done: true` also for
   * its result. Returns the call.
   * @example const call = await voice.waitForToolCall('get_weather', { city: 'Paris' }, { done: true });
   */
  async waitForToolCall(
    tool: string,
    args?: Record<string, unknown>,
    options: WaitOptions & { done?: boolean } = {},
  ): Promise<SeenToolCall> {
    const title = `voice.waitForToolCall('${tool}'${args ? `, ${JSON.stringify(args)}` : ''})`;
    const found = () =>
      this.toolCalls().find(
        (c) => c.name === tool && (!args || matchesSubset(c.arguments, args)) && (!options.done || 'ok' in c),
      );
    return await test.step(title, () => this.#wait(title, options, found), BOX);
  }

  /**
   * Wait for a handoff to the agent named `to` (the exact name, or a RegExp); returns `{ from, to }`.
   * @example await voice.waitForHandoff('Spanish');
   */
  async waitForHandoff(
    to: string | RegExp,
    options: WaitOptions = {},
  ): Promise<{ from: string; to: string }> {
    const title = `voice.waitForHandoff(${show(to)})`;
    const found = () => {
      const e = this.events('handoff').find((h) =>
        typeof to === 'string' ? h.to === to : to.test(String(h.to)),
      );
      return e && { from: String(e.from), to: String(e.to) };
    };
    return await test.step(title, () => this.#wait(title, options, found), BOX);
  }

  /**
   * Wait for an output guardrail to trip (any, or the one named `guardrail`); returns the event
   * (`guardrail`, `output` that tripped it, `retrying`).
   * @example const trip = await voice.waitForGuardrailTrip('no_pineapple');
   */
  async waitForGuardrailTrip(guardrail?: string, options: WaitOptions = {}): Promise<VoiceEvent> {
    const title = `voice.waitForGuardrailTrip(${guardrail ? `'${guardrail}'` : ''})`;
    const found = () => this.events('guardrail_tripped').find((e) => !guardrail || e.guardrail === guardrail);
    return await test.step(title, () => this.#wait(title, options, found), BOX);
  }

  /**
   * Wait until the page plays agent audio at least `minDbfs` loud (through Web Audio or a media
   * element) since it loaded or {@link resetAudio}. Returns the level.
   * @example await voice.waitForAgentAudio(); // something audible (≥ −50 dBFS) came out
   */
  async waitForAgentAudio(options: WaitOptions & { minDbfs?: number } = {}): Promise<number> {
    const min = options.minDbfs ?? -50;
    const title = `voice.waitForAgentAudio({ minDbfs: ${min} })`;
    const found = () => (this.#probe.peakDbfs >= min ? this.#probe.peakDbfs : undefined);
    return await test.step(title, () => this.#wait(title, options, found), BOX);
  }

  /** Wait for the first session event of `type` that `match` accepts. */
  async waitForEvent(
    type: string,
    match: (e: VoiceEvent) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<VoiceEvent> {
    const title = `voice.waitForEvent('${type}')`;
    return await test.step(title, () => this.#wait(title, options, () => this.events(type).find(match)), BOX);
  }

  #wait<T>(title: string, options: WaitOptions, check: () => T | undefined): Promise<T> {
    const timeout = options.timeout ?? this.timeout;
    return this.#probe.until(
      check,
      timeout,
      () => `${title} timed out after ${timeout} ms.\n${this.#summary()}`,
    );
  }

  /** What the page did so far, for failure messages. */
  #summary(): string {
    const p = this.#probe;
    if (p.sessions.length === 0)
      return (
        'No Realtime Agents session was created in this page. Did the app connect? The probe sees the ' +
        "sessions @realtime-agents/core makes in this test's `page` (RealtimeRunner, RealtimeSession, React hooks)."
      );
    const lines: string[] = [];
    const last = (type: string) => p.events.filter((e) => e.type === type).at(-1);
    const conn = last('connection');
    lines.push(`Sessions: ${p.sessions.length}; connection: ${conn ? conn.state : 'none yet'}`);
    const err = last('error') ?? (conn?.error ? conn : undefined);
    if (err) lines.push(`Last error: ${JSON.stringify(err.error)}`);
    const said = (role: 'user' | 'assistant') =>
      this.transcripts(role)
        .map((t) => JSON.stringify(t))
        .join(', ') || '(nothing)';
    lines.push(`User said: ${said('user')}`, `Agent said: ${said('assistant')}`);
    if (this.transcripts('user').length === 0 && this.events('speech_stopped').length > 0)
      lines.push(
        '(The user spoke but no user transcript came: user transcripts need `inputAudioTranscription: { model }` in the RealtimeRunner options.)',
      );
    const calls = this.toolCalls()
      .map((c) => `${c.name}(${JSON.stringify(c.arguments)})${'ok' in c ? '' : ' [running]'}`)
      .join(', ');
    lines.push(`Tool calls: ${calls || '(none)'}`);
    const handoffs = this.events('handoff');
    if (handoffs.length) lines.push(`Handoffs: ${handoffs.map((h) => `${h.from} → ${h.to}`).join(', ')}`);
    const trips = this.events('guardrail_tripped');
    if (trips.length) lines.push(`Guardrail trips: ${trips.map((t) => t.guardrail).join(', ')}`);
    lines.push(`Loudest agent audio: ${p.peakDbfs <= -120 ? 'none' : `${p.peakDbfs} dBFS`}`);
    return lines.join('\n');
  }
}
